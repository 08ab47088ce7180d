// The SCORM 2004 4th Edition data model as data: every cmi.* and adl.* element with access,
// type, range, SPM, dependencies and its RTE citation (2004 RTE §4.2, §4.4; digest §6-§7).
import type { DataModelDefinition, ElementRule } from './element-rule.ts';

const real = (range: readonly [number | null, number | null] | undefined, cite: string): ElementRule =>
  range === undefined ? { access: 'rw', type: 'real', cite } : { access: 'rw', type: 'real', range, cite };
const SCALED = [-1, 1] as const;
const UNIT = [0, 1] as const;

const elements: Record<string, ElementRule> = {
  'cmi.comments_from_learner.n.comment': {
    access: 'rw', type: 'localized_string_type', spm: 4000, creates: true, cite: 'RTE §4.2.2',
  },
  'cmi.comments_from_learner.n.location': { access: 'rw', type: 'characterstring', spm: 250, creates: true, cite: 'RTE §4.2.2' },
  'cmi.comments_from_learner.n.timestamp': { access: 'rw', type: 'time', creates: true, cite: 'RTE §4.2.2' },
  'cmi.comments_from_lms.n.comment': { access: 'ro', type: 'localized_string_type', cite: 'RTE §4.2.3' },
  'cmi.comments_from_lms.n.location': { access: 'ro', type: 'characterstring', cite: 'RTE §4.2.3' },
  'cmi.comments_from_lms.n.timestamp': { access: 'ro', type: 'time', cite: 'RTE §4.2.3' },
  'cmi.completion_status': {
    access: 'rw', type: 'state:completionStatus', init: 'unknown', special: 'completionStatus', cite: 'RTE §4.2.4',
  },
  'cmi.completion_threshold': { access: 'ro', type: 'real', range: UNIT, cite: 'RTE §4.2.5' },
  'cmi.credit': { access: 'ro', type: 'state:credit', init: 'credit', cite: 'RTE §4.2.6' },
  'cmi.entry': { access: 'ro', type: 'state:entry', init: 'ab-initio', cite: 'RTE §4.2.7' },
  'cmi.exit': { access: 'wo', type: 'state:exit', cite: 'RTE §4.2.8' },
  'cmi.interactions.n.id': { access: 'rw', type: 'long_identifier_type', spm: 4000, creates: true, cite: 'RTE §4.2.9' },
  'cmi.interactions.n.type': {
    access: 'rw', type: 'state:interactionType', special: 'interactionType', ordered: true, cite: 'RTE §4.2.9 (A-33)',
  },
  'cmi.interactions.n.objectives.n.id': {
    access: 'rw', type: 'long_identifier_type', spm: 4000, creates: true, special: 'interactionObjectiveId', cite: 'RTE §4.2.9',
  },
  'cmi.interactions.n.timestamp': { access: 'rw', type: 'time', cite: 'RTE §4.2.9' },
  'cmi.interactions.n.correct_responses.n.pattern': {
    access: 'rw', type: 'response', creates: true, needsType: true, special: 'pattern', ordered: true, cite: 'RTE §4.2.9.1',
  },
  'cmi.interactions.n.weighting': real(undefined, 'RTE §4.2.9'),
  'cmi.interactions.n.learner_response': {
    access: 'rw', type: 'response', needsType: true, special: 'response', ordered: true, cite: 'RTE §4.2.9.2',
  },
  'cmi.interactions.n.result': { access: 'rw', type: 'state:result', cite: 'RTE §4.2.9' },
  'cmi.interactions.n.latency': { access: 'rw', type: 'timeinterval', cite: 'RTE §4.2.9' },
  'cmi.interactions.n.description': { access: 'rw', type: 'localized_string_type', spm: 250, cite: 'RTE §4.2.9' },
  'cmi.launch_data': { access: 'ro', type: 'characterstring', spm: 4000, cite: 'RTE §4.2.10' },
  'cmi.learner_id': { access: 'ro', type: 'long_identifier_type', spm: 4000, cite: 'RTE §4.2.11' },
  'cmi.learner_name': { access: 'ro', type: 'localized_string_type', spm: 250, cite: 'RTE §4.2.12' },
  'cmi.learner_preference.audio_level': {
    access: 'rw', type: 'real', range: [0, null], init: '1', cite: 'RTE §4.2.13',
  },
  'cmi.learner_preference.language': { access: 'rw', type: 'language_type', init: '', cite: 'RTE §4.2.13' },
  'cmi.learner_preference.delivery_speed': {
    access: 'rw', type: 'real', range: [0, null], init: '1', cite: 'RTE §4.2.13',
  },
  'cmi.learner_preference.audio_captioning': { access: 'rw', type: 'state:audioCaptioning', init: '0', cite: 'RTE §4.2.13' },
  'cmi.location': { access: 'rw', type: 'characterstring', spm: 1000, cite: 'RTE §4.2.14' },
  'cmi.max_time_allowed': { access: 'ro', type: 'timeinterval', cite: 'RTE §4.2.15' },
  'cmi.mode': { access: 'ro', type: 'state:mode', init: 'normal', cite: 'RTE §4.2.16' },
  'cmi.objectives.n.id': {
    access: 'rw', type: 'long_identifier_type', spm: 4000, creates: true, special: 'objectiveId', ordered: true,
    cite: 'RTE §4.2.17',
  },
  'cmi.objectives.n.score.scaled': real(SCALED, 'RTE §4.2.17'),
  'cmi.objectives.n.score.raw': real(undefined, 'RTE §4.2.17'),
  'cmi.objectives.n.score.min': real(undefined, 'RTE §4.2.17'),
  'cmi.objectives.n.score.max': real(undefined, 'RTE §4.2.17'),
  'cmi.objectives.n.success_status': { access: 'rw', type: 'state:successStatus', init: 'unknown', cite: 'RTE §4.2.17' },
  'cmi.objectives.n.completion_status': {
    access: 'rw', type: 'state:completionStatus', init: 'unknown', cite: 'RTE §4.2.17',
  },
  'cmi.objectives.n.progress_measure': real(UNIT, 'RTE §4.2.17'),
  'cmi.objectives.n.description': { access: 'rw', type: 'localized_string_type', spm: 250, cite: 'RTE §4.2.17' },
  'cmi.progress_measure': real(UNIT, 'RTE §4.2.18'),
  'cmi.scaled_passing_score': { access: 'ro', type: 'real', range: SCALED, cite: 'RTE §4.2.19' },
  'cmi.score.scaled': real(SCALED, 'RTE §4.2.20'),
  'cmi.score.raw': real(undefined, 'RTE §4.2.20'),
  'cmi.score.min': real(undefined, 'RTE §4.2.20'),
  'cmi.score.max': real(undefined, 'RTE §4.2.20'),
  'cmi.session_time': { access: 'wo', type: 'timeinterval', cite: 'RTE §4.2.21' },
  'cmi.success_status': {
    access: 'rw', type: 'state:successStatus', init: 'unknown', special: 'successStatus', cite: 'RTE §4.2.22',
  },
  'cmi.suspend_data': { access: 'rw', type: 'characterstring', spm: 64000, cite: 'RTE §4.2.23' },
  // SRTE's default when the manifest gives none.
  'cmi.time_limit_action': {
    access: 'ro', type: 'state:timeLimitAction', init: 'continue,no message', cite: 'RTE §4.2.24 (A-25)',
  },
  'cmi.total_time': { access: 'ro', type: 'timeinterval', init: 'PT0H0M0S', cite: 'RTE §4.2.25' },
  // read/write, `_none_` at the start of every session.
  'adl.nav.request': { access: 'rw', type: 'navRequest', init: '_none_', cite: 'RTE §4.4.1 (A-35, A-36)' },
  'adl.nav.request_valid.continue': { access: 'ro', type: 'state:navValidity', special: 'navValidity', cite: 'RTE §4.4.2' },
  'adl.nav.request_valid.previous': { access: 'ro', type: 'state:navValidity', special: 'navValidity', cite: 'RTE §4.4.2' },
  'adl.data.n.id': { access: 'ro', type: 'long_identifier_type', cite: 'RTE §4.3 adl.data (4th Ed. shared data)' },
  'adl.data.n.store': {
    access: 'rw', type: 'characterstring', spm: 64000, special: 'dataStore', cite: 'RTE §4.3 adl.data (4th Ed. shared data)',
  },
};

export const MODEL_2004: DataModelDefinition = {
  version: '2004',
  modelVersion: '1.0',
  roots: ['cmi', 'adl'],
  elements,
  collections: {
    'cmi.comments_from_learner': { children: 'comment,location,timestamp', cite: 'RTE §4.2.2' },
    'cmi.comments_from_lms': { children: 'comment,location,timestamp', lmsOnly: true, cite: 'RTE §4.2.3 (A-44)' },
    'cmi.interactions': {
      children: 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description',
      cite: 'RTE §4.2.9',
    },
    // Only _count is defined for these two; _children → 301.
    'cmi.interactions.n.objectives': { cite: 'RTE §4.2.9' },
    'cmi.interactions.n.correct_responses': { cite: 'RTE §4.2.9' },
    'cmi.objectives': {
      children: 'id,score,success_status,completion_status,progress_measure,description', cite: 'RTE §4.2.17',
    },
    'adl.data': { children: 'id,store', lmsOnly: true, cite: 'RTE §4.3 adl.data' },
  },
  containers: {
    cmi: null, // 2004 defines no cmi._children → 401
    adl: null,
    'adl.nav': null,
    'adl.nav.request_valid': null,
    'cmi.score': 'scaled,raw,min,max',
    'cmi.learner_preference': 'audio_level,language,delivery_speed,audio_captioning',
    'cmi.objectives.n.score': 'scaled,raw,min,max',
  },
};
