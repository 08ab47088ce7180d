// The LMS side of a CTS run without a browser: one learner, the packages it opened (activity
// tree, sequencing state, each SCO's last attempt data) and its shared data buckets (adl.data,
// per learner across packages). Wires the pure core as the player and the server do.
import { resolve } from 'node:path';
import unzipper from 'unzipper';
import type { ModelSnapshot } from '../../../../scorm/cmi/model-state.ts';
import type { SessionEnd } from '../../../../scorm/cmi/end-of-session.ts';
import type { Item2004, Package2004 } from '../../../../scorm/manifest/model.ts';
import { parseManifest } from '../../../../scorm/manifest/parse-manifest.ts';
import { locateManifest } from '../../../../scorm/manifest/locate-manifest.ts';
import type { LaunchContext } from '../../../../scorm/runtime/launch-context.ts';
import {
  buildActivityTree, createSequencingState, launchRequest, navigationValidity, objectiveValuesAtDelivery, processNavigationRequest,
  reportAttemptEnd, type ActivityTree, type NavigationRequest, type NavigationResult, type NavigationValidity, type SequencingState,
} from '../../../../scorm/sequencing/index.ts';
import { activityTreeFromPackage, itemsById } from '../../../../player/shell/activity-tree-from-package.ts';
import { runtimeResult } from '../../../../player/shell/runtime-result.ts';
import { launchContextForItem } from '../../../../server/runtime/launch-context-for-item.ts';
import { FIXTURES_DIR } from '../../../helpers/fixtures.ts';
import type { Learner } from './script-steps.ts';

export interface CtsPackage {
  readonly name: string;
  readonly pkg: Package2004;
  readonly tree: ActivityTree;
  readonly items: Map<string, Item2004>;
  /** CAM 4th Ed. 3.4.1.5 adlcp:sharedDataGlobalToSystem: the learner's buckets are shared with other packages. */
  readonly sharedGlobal: boolean;
  state: SequencingState;
  /** Per item: the data of its latest attempt and how that session ended (as the server keeps them). */
  readonly attempts: Map<string, { snapshot: ModelSnapshot; end: SessionEnd }>;
}

export async function loadCtsPackage(name: string): Promise<CtsPackage> {
  const dir = await unzipper.Open.file(resolve(FIXTURES_DIR, `${name}.zip`));
  const files = dir.files.filter((f) => f.type === 'File');
  const entries = files.map((f) => f.path);
  const located = locateManifest(entries);
  if (!located.ok) throw new Error(`${name}: no manifest`);
  const xml = new Uint8Array(await files.find((f) => f.path === located.path)!.buffer());
  const parsed = parseManifest({ xml, entries });
  const pkg = parsed.package;
  if (!pkg || pkg.version !== '2004') throw new Error(`${name}: not a SCORM 2004 package`);
  const org = pkg.organizations.find((o) => o.identifier === pkg.default_organization) ?? pkg.organizations[0]!;
  const tree = buildActivityTree(activityTreeFromPackage('2004', org), { mode: '2004' });
  const items = itemsById(org) as Map<string, Item2004>;
  return { name, pkg, tree, items, sharedGlobal: org.sharedDataGlobalToSystem, state: createSequencingState(tree), attempts: new Map() };
}

/** A global bucket is the learner's; one of a package with sharedDataGlobalToSystem="false" is that package's. */
const bucketKey = (p: CtsPackage, targetID: string): string => (p.sharedGlobal ? targetID : `${p.name} ${targetID}`);

export class CtsLms {
  /** adl.data buckets of the learner (CAM 4th Ed. 3.4.1.18 adlcp:data), by bucketKey. */
  readonly shared = new Map<string, string>();
  private readonly packages = new Map<string, CtsPackage>();

  constructor(readonly learner: Learner) {}

  async open(name: string): Promise<CtsPackage> {
    let p = this.packages.get(name);
    if (!p) this.packages.set(name, (p = await loadCtsPackage(name)));
    return p;
  }

  /** What the player does at launch: a session left open is suspended, then start or resume all. */
  launch(p: CtsPackage): NavigationResult {
    if (p.state.currentActivity !== null) {
      const suspended = processNavigationRequest(p.tree, p.state, { type: 'suspendAll' });
      p.state = suspended.exception ? { ...p.state, currentActivity: null } : suspended.state;
    }
    const request = launchRequest(p.state);
    // A new attempt on the activity tree starts the package's own buckets afresh
    // (sharedDataGlobalToSystem="false": the data lives as long as that attempt; CTS DDM 1bV2).
    if (request.type === 'start' && !p.sharedGlobal) for (const key of [...this.shared.keys()]) if (key.startsWith(`${p.name} `)) this.shared.delete(key);
    return this.navigate(p, request);
  }

  navigate(p: CtsPackage, request: NavigationRequest): NavigationResult {
    const result = processNavigationRequest(p.tree, p.state, request);
    if (!(result.exception && result.deliver === null && !result.endSession)) p.state = result.state;
    return result;
  }

  validity(p: CtsPackage): NavigationValidity {
    return navigationValidity(p.tree, p.state);
  }

  /** The LaunchContext of a delivery, as the server's openAttempt builds it. */
  contextFor(p: CtsPackage, id: string): LaunchContext {
    const item = p.items.get(id)!;
    const latest = p.attempts.get(id);
    const fresh = !latest || latest.end.attemptEnded;
    const context = launchContextForItem(item, {
      version: '2004',
      learner: this.learner,
      mode: 'normal',
      credit: 'credit',
      commentsFromLms: [],
      entry: fresh ? 'ab-initio' : latest.end.nextEntry,
      sharedValues: new Map(item.data.flatMap((m) => {
        const value = this.shared.get(bucketKey(p, m.targetID));
        return value === undefined ? [] : [[m.targetID, value] as const];
      })),
      ...(fresh ? {} : { priorState: latest.snapshot }),
    });
    // The player adds what the sequencer tracks for the activity's objectives (RTE 4.2.17).
    return { ...context, objectiveValues: objectiveValuesAtDelivery(p.tree, p.state, id) };
  }

  /** Terminate: the server keeps the data and the shared buckets, the player reports to the sequencer. */
  terminated(p: CtsPackage, id: string, end: SessionEnd, snapshot: ModelSnapshot): void {
    p.attempts.set(id, { snapshot, end });
    p.state = reportAttemptEnd(p.tree, p.state, id, runtimeResult(end, snapshot));
  }

  /** adl.data.n.store writes of a commit reach the learner's bucket (server: sharedWrites). */
  commitShared(p: CtsPackage, snapshot: ModelSnapshot, changes: ReadonlyArray<readonly [string, string]>): void {
    for (const [element, value] of changes) {
      const m = /^adl\.data\.(\d+)\.store$/.exec(element);
      const id = m && snapshot.values[`adl.data.${m[1]}.id`];
      if (!id) continue;
      // Setting "" makes the store "not initialized" again (RTE 4.3 adl.data; CTS DDM 1aV2 -> 2aV3).
      if (value === '') this.shared.delete(bucketKey(p, id));
      else this.shared.set(bucketKey(p, id), value);
    }
  }
}
