// The SCORM 1.2 data model as data: every cmi.* element with access, type, range and its RTE
// citation (1.2 RTE §3.4.4; keywords §3.4.3; initial values "LMS Behavior - Initialization").
import type { DataModelDefinition, ElementRule } from './element-rule.ts';

const score = (cite: string): ElementRule => ({
  access: 'rw', type: 'CMIDecimalOrBlank', range: [0, 100], cite, // 0-100, 405 outside
});

const elements: Record<string, ElementRule> = {
  'cmi.core.student_id': { access: 'ro', type: 'CMIIdentifier', cite: 'RTE §3.4.4 cmi.core.student_id' },
  'cmi.core.student_name': { access: 'ro', type: 'CMIString255', cite: 'RTE §3.4.4 cmi.core.student_name' },
  'cmi.core.lesson_location': { access: 'rw', type: 'CMIString255', cite: 'RTE §3.4.4 cmi.core.lesson_location' },
  'cmi.core.credit': { access: 'ro', type: 'CMIVocabulary:credit', init: 'credit', cite: 'RTE §3.4.4 cmi.core.credit' },
  'cmi.core.lesson_status': {
    access: 'rw', type: 'CMIVocabulary:status', init: 'not attempted', cite: 'RTE §3.4.4 cmi.core.lesson_status',
  },
  'cmi.core.entry': { access: 'ro', type: 'CMIVocabulary:entry', init: 'ab-initio', cite: 'RTE §3.4.4 cmi.core.entry' },
  'cmi.core.score.raw': score('RTE §3.4.4 cmi.core.score.raw'),
  'cmi.core.score.max': score('RTE §3.4.4 cmi.core.score.max'),
  'cmi.core.score.min': score('RTE §3.4.4 cmi.core.score.min'),
  'cmi.core.total_time': {
    access: 'ro', type: 'CMITimespan', init: '0000:00:00.00', cite: 'RTE §3.4.4 cmi.core.total_time (A-8)',
  },
  'cmi.core.lesson_mode': { access: 'ro', type: 'CMIVocabulary:mode', init: 'normal', cite: 'RTE §3.4.4 cmi.core.lesson_mode' },
  'cmi.core.exit': { access: 'wo', type: 'CMIVocabulary:exit', cite: 'RTE §3.4.4 cmi.core.exit' },
  'cmi.core.session_time': { access: 'wo', type: 'CMITimespan', cite: 'RTE §3.4.4 cmi.core.session_time' },
  'cmi.suspend_data': { access: 'rw', type: 'CMIString4096', cite: 'RTE §3.4.4 cmi.suspend_data' },
  'cmi.launch_data': { access: 'ro', type: 'CMIString4096', cite: 'RTE §3.4.4 cmi.launch_data' },
  // a second write replaces the comment, so the SCO reads back exactly what it wrote.
  'cmi.comments': { access: 'rw', type: 'CMIString4096', cite: 'RTE §3.4.4 cmi.comments' },
  'cmi.comments_from_lms': { access: 'ro', type: 'CMIString4096', cite: 'RTE §3.4.4 cmi.comments_from_lms' },
  'cmi.objectives.n.id': { access: 'rw', type: 'CMIIdentifier', cite: 'RTE §3.4.4 cmi.objectives.n.id' },
  'cmi.objectives.n.score.raw': score('RTE §3.4.4 cmi.objectives.n.score.raw'),
  'cmi.objectives.n.score.max': score('RTE §3.4.4 cmi.objectives.n.score.max'),
  'cmi.objectives.n.score.min': score('RTE §3.4.4 cmi.objectives.n.score.min'),
  'cmi.objectives.n.status': {
    access: 'rw', type: 'CMIVocabulary:objectiveStatus', cite: 'RTE §3.4.4 cmi.objectives.n.status',
  },
  'cmi.student_data.mastery_score': {
    access: 'ro', type: 'CMIDecimal', range: [0, 100], cite: 'RTE §3.4.4 cmi.student_data.mastery_score',
  },
  'cmi.student_data.max_time_allowed': { access: 'ro', type: 'CMITimespan', cite: 'RTE §3.4.4 cmi.student_data.max_time_allowed' },
  'cmi.student_data.time_limit_action': {
    access: 'ro', type: 'CMIVocabulary:timeLimitAction', cite: 'RTE §3.4.4 cmi.student_data.time_limit_action',
  },
  // "0" is the documented neutral preference value.
  'cmi.student_preference.audio': {
    access: 'rw', type: 'CMISInteger', range: [-1, 100], init: '0', cite: 'RTE §3.4.4 cmi.student_preference.audio',
  },
  'cmi.student_preference.language': { access: 'rw', type: 'CMIString255', cite: 'RTE §3.4.4 cmi.student_preference.language' },
  'cmi.student_preference.speed': {
    access: 'rw', type: 'CMISInteger', range: [-100, 100], init: '0', cite: 'RTE §3.4.4 cmi.student_preference.speed',
  },
  'cmi.student_preference.text': {
    access: 'rw', type: 'CMISInteger', range: [-1, 1], init: '0', cite: 'RTE §3.4.4 cmi.student_preference.text',
  },
  'cmi.interactions.n.id': { access: 'wo', type: 'CMIIdentifier', cite: 'RTE §3.4.4 cmi.interactions.n.id' },
  'cmi.interactions.n.objectives.n.id': {
    access: 'wo', type: 'CMIIdentifier', cite: 'RTE §3.4.4 cmi.interactions.n.objectives.n.id',
  },
  'cmi.interactions.n.time': { access: 'wo', type: 'CMITime', cite: 'RTE §3.4.4 cmi.interactions.n.time' },
  'cmi.interactions.n.type': {
    access: 'wo', type: 'CMIVocabulary:interaction', ordered: true, cite: 'RTE §3.4.4 cmi.interactions.n.type',
  },
  'cmi.interactions.n.correct_responses.n.pattern': {
    access: 'wo', type: 'CMIFeedback', special: 'pattern', ordered: true,
    cite: 'RTE §3.4.4 cmi.interactions.n.correct_responses.n.pattern (A-10)',
  },
  // The RTE gives weighting no range (digest §6.6); Moodle and sa restrict it to -100..100.
  'cmi.interactions.n.weighting': { access: 'wo', type: 'CMIDecimal', cite: 'RTE §3.4.4 cmi.interactions.n.weighting' },
  'cmi.interactions.n.student_response': {
    access: 'wo', type: 'CMIFeedback', special: 'response', ordered: true,
    cite: 'RTE §3.4.4 cmi.interactions.n.student_response (A-10)',
  },
  'cmi.interactions.n.result': { access: 'wo', type: 'CMIVocabulary:result', cite: 'RTE §3.4.4 cmi.interactions.n.result' },
  'cmi.interactions.n.latency': { access: 'wo', type: 'CMITimespan', cite: 'RTE §3.4.4 cmi.interactions.n.latency' },
};

export const MODEL_12: DataModelDefinition = {
  version: '1.2',
  modelVersion: '3.4',
  roots: ['cmi'],
  elements,
  collections: {
    'cmi.objectives': { children: 'id,score,status', cite: 'RTE §3.4.4 cmi.objectives' },
    'cmi.interactions': {
      children: 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency',
      cite: 'RTE §3.4.4 cmi.interactions',
    },
    // Only _count is defined for these two; _children → 202.
    'cmi.interactions.n.objectives': { cite: 'RTE §3.4.4 cmi.interactions.n.objectives' },
    'cmi.interactions.n.correct_responses': { cite: 'RTE §3.4.4 cmi.interactions.n.correct_responses' },
  },
  containers: {
    // Not in the RTE element table; Moodle and sa answer it (digest §6.1).
    cmi: 'core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions',
    'cmi.core':
      'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    'cmi.core.score': 'raw,min,max',
    'cmi.objectives.n.score': 'raw,min,max',
    'cmi.student_data': 'mastery_score,max_time_allowed,time_limit_action',
    'cmi.student_preference': 'audio,language,speed,text',
  },
};
