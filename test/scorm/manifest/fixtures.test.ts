// Every real package of test/fixtures/packages parsed: version, edition, counts, default
// organization, first launch URLs and diagnostic codes asserted; index.json cross-checked, and
// each disagreement with it decided in DISAGREEMENTS below, with the reason.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Item } from '../../../scorm/manifest/model.ts';
import { walkItems } from '../../../scorm/manifest/organizations.ts';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import { loadFixtures, loadIndex, type Fixture } from './fixtures.ts';

interface Expected {
  v: '1.2' | '2004';
  ed: '2nd' | '3rd' | '4th' | null;
  orgs: number;
  items: number;
  launchable: number;
  sco: number;
  asset: number;
  def: string;
  /** Launch URLs of the first two launchable items of the default organization, in tree order. */
  launch: string[];
  /** level:code, "*n" when it occurs n times. */
  diag: string[];
}
type Row = Expected | { parsed: false; diag: string[] };

// The ADL CTS packages ship without common/LMSTest.jar (fixtures README), hence one FILE_MISSING each.
const EXPECTED: Record<string, Row> = {
  'adl-cts4-api': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 2, asset: 7, def: 'API', launch: ["resources/AssetLaunchTest.htm?tc=API&act=1","resources/APIRTETest1.htm?tc=API&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-01': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'CM-01', launch: ["resources/SequencingTest.htm?tc=CM-01&act=1","resources/SequencingTest.htm?tc=CM-01&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-02b': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'CM-02b', launch: ["resources/SequencingTest.htm?tc=CM-02b&act=1","resources/SequencingTest.htm?tc=CM-02b&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-03b': { v: '2004', ed: '4th', orgs: 1, items: 8, launchable: 6, sco: 1, asset: 6, def: 'CM-03b', launch: ["resources/SequencingTest.htm?tc=CM-03b&act=2","resources/SequencingTest.htm?tc=CM-03b&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-04d': { v: '2004', ed: '4th', orgs: 1, items: 15, launchable: 10, sco: 1, asset: 6, def: 'CM-04d', launch: ["resources/SequencingTest.htm?tc=CM-04d&act=2","resources/SequencingTest.htm?tc=CM-04d&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-07b': { v: '2004', ed: '4th', orgs: 1, items: 21, launchable: 13, sco: 2, asset: 6, def: 'CM-07b', launch: ["resources/SequencingTest.htm?tc=CM-07b&act=2","resources/SequencingTest.htm?tc=CM-07b&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-07c': { v: '2004', ed: '4th', orgs: 1, items: 18, launchable: 11, sco: 1, asset: 6, def: 'CM-07c', launch: ["resources/SequencingTest.htm?tc=CM-07c&act=2","resources/SequencingTest.htm?tc=CM-07c&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-07d': { v: '2004', ed: '4th', orgs: 1, items: 18, launchable: 11, sco: 1, asset: 6, def: 'CM-07d', launch: ["resources/SequencingTest.htm?tc=CM-07d&act=2","resources/SequencingTest.htm?tc=CM-07d&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-07e': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 4, sco: 1, asset: 6, def: 'CASETEST', launch: ["resources/SequencingTest.htm?tc=CM-07e&act=1","resources/SequencingTest.htm?tc=CM-07e&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-09aa': { v: '2004', ed: '4th', orgs: 1, items: 4, launchable: 4, sco: 2, asset: 6, def: 'CM-09aa', launch: ["resources/SequencingTestSingleDoTerminate.htm?tc=CM-09aa&act=1","resources/SequencingTest.htm?tc=CM-09aa&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-09bb': { v: '2004', ed: '4th', orgs: 1, items: 4, launchable: 4, sco: 2, asset: 6, def: 'CM-09bb', launch: ["resources/SequencingTest.htm?tc=CM-09bb&act=1","resources/SequencingTest.htm?tc=CM-09bb&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-09cb': { v: '2004', ed: '4th', orgs: 1, items: 4, launchable: 4, sco: 2, asset: 6, def: 'CM-09cb', launch: ["resources/SequencingTest.htm?tc=CM-09cb&act=1","resources/SequencingTest.htm?tc=CM-09cb&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-14': { v: '2004', ed: '4th', orgs: 1, items: 15, launchable: 10, sco: 1, asset: 6, def: 'CM-14', launch: ["resources/SequencingTest.htm?tc=CM-14&act=2","resources/SequencingTest.htm?tc=CM-14&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-cm-16': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'CM-16', launch: ["resources/SequencingTest.htm?tc=CM-16&act=1","resources/SequencingTest.htm?tc=CM-16&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-co-01': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'CO-01', launch: ["resources/SequencingTest.htm?tc=CO-01&act=1","resources/SequencingTest.htm?tc=CO-01&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-co-02a': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'CO-02a', launch: ["resources/SequencingTest.htm?tc=CO-02a&act=1","resources/SequencingTest.htm?tc=CO-02a&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-co-05a': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'CO-05a', launch: ["resources/SequencingTest.htm?tc=CO-05a&act=1","resources/SequencingTest.htm?tc=CO-05a&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-co-10': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'CO-10', launch: ["resources/SequencingTest.htm?tc=CO-10&act=1","resources/SequencingTest.htm?tc=CO-10&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-co-12d': { v: '2004', ed: '4th', orgs: 1, items: 4, launchable: 3, sco: 1, asset: 6, def: 'CO-12d', launch: ["resources/SequencingTest.htm?tc=CO-12d&act=2","resources/SequencingTest.htm?tc=CO-12d&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ct-01': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'CT-01', launch: ["resources/SequencingTest.htm?tc=CT-01&act=1","resources/SequencingTest.htm?tc=CT-01&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ct-04': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'CT-04', launch: ["resources/SequencingTest.htm?tc=CT-04&act=1","resources/SequencingTest.htm?tc=CT-04&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ct-07': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'CT-07', launch: ["resources/SequencingTest.htm?tc=CT-07&act=1","resources/SequencingTest.htm?tc=CT-07&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ddma': { v: '2004', ed: '4th', orgs: 1, items: 2, launchable: 2, sco: 1, asset: 6, def: 'DDMa', launch: ["resources/SequencingTest.htm?tc=DDM&act=1a","resources/SequencingTest.htm?tc=DDM&act=2a"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ddmb': { v: '2004', ed: '4th', orgs: 1, items: 2, launchable: 2, sco: 1, asset: 6, def: 'DDMb', launch: ["resources/SequencingTest.htm?tc=DDM&act=1b","resources/SequencingTest.htm?tc=DDM&act=2b"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-dmb': { v: '2004', ed: '4th', orgs: 1, items: 9, launchable: 9, sco: 9, asset: 6, def: 'DMB', launch: ["resources/DMBehaviorTest1.htm?tc=DMB&act=1","resources/DMBehaviorTest2.htm?tc=DMB&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-dmi': { v: '2004', ed: '4th', orgs: 1, items: 4, launchable: 4, sco: 4, asset: 6, def: 'DMI', launch: ["resources/DMImplementationTest1.htm?tc=DMI&act=1","resources/DMImplementationTest2.htm?tc=DMI&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ms-01': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'MS-01', launch: ["resources/SequencingTest.htm?tc=MS-01&act=1","resources/SequencingTest.htm?tc=MS-01&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ms-04': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'MS-04', launch: ["resources/SequencingTest.htm?tc=MS-04&act=1","resources/SequencingTest.htm?tc=MS-04&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ms-06': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'MS-06', launch: ["resources/SequencingTest.htm?tc=MS-06&act=1","resources/SequencingTest.htm?tc=MS-06&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ob-01c': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'OB-01c', launch: ["resources/SequencingTest.htm?tc=OB-01c&act=1","resources/SequencingTest.htm?tc=OB-01c&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ob-02a': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'OB-02a', launch: ["resources/SequencingTest.htm?tc=OB-02a&act=1","resources/SequencingTest.htm?tc=OB-02a&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ob-03b': { v: '2004', ed: '4th', orgs: 1, items: 9, launchable: 7, sco: 1, asset: 6, def: 'OB-03b', launch: ["resources/SequencingTest.htm?tc=OB-03b&act=1","resources/SequencingTest.htm?tc=OB-03b&act=4"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ob-06': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'OB-06', launch: ["resources/SequencingTest.htm?tc=OB-06&act=1","resources/SequencingTest.htm?tc=OB-06&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ob-13a': { v: '2004', ed: '4th', orgs: 1, items: 4, launchable: 4, sco: 1, asset: 6, def: 'OB-13a', launch: ["resources/SequencingTest.htm?tc=OB-13a&act=1","resources/SequencingTest.htm?tc=OB-13a&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ru-01ab': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'RU-01ab', launch: ["resources/SequencingTest.htm?tc=RU-01ab&act=1","resources/SequencingTest.htm?tc=RU-01ab&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ru-07a': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'RU-07a', launch: ["resources/SequencingTest.htm?tc=RU-07a&act=1","resources/SequencingTest.htm?tc=RU-07a&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ru-09': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'RU-09', launch: ["resources/SequencingTest.htm?tc=RU-09&act=1","resources/SequencingTest.htm?tc=RU-09&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ru-13d': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'RU-13d', launch: ["resources/SequencingTest.htm?tc=RU-13d&act=2","resources/SequencingTest.htm?tc=RU-13d&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ru-16': { v: '2004', ed: '4th', orgs: 1, items: 8, launchable: 5, sco: 1, asset: 6, def: 'RU-16', launch: ["resources/SequencingTest.htm?tc=RU-16&act=1","resources/SequencingTest.htm?tc=RU-16&act=4"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-ru-17a': { v: '2004', ed: '4th', orgs: 1, items: 17, launchable: 10, sco: 1, asset: 6, def: 'RU-17a', launch: ["resources/SequencingTest.htm?tc=RU-17a&act=1","resources/SequencingTest.htm?tc=RU-17a&act=5"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-sx-02': { v: '2004', ed: '4th', orgs: 1, items: 6, launchable: 5, sco: 1, asset: 6, def: 'SX-02', launch: ["resources/SequencingTest.htm?tc=SX-02&act=1","resources/SequencingTest.htm?tc=SX-02&act=3"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-sx-05': { v: '2004', ed: '4th', orgs: 1, items: 10, launchable: 7, sco: 1, asset: 6, def: 'SX-05', launch: ["resources/SequencingTest.htm?tc=SX-05&act=1","resources/SequencingTest.htm?tc=SX-05&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-sx-09': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 3, asset: 6, def: 'SX-09', launch: ["resources/SequencingTest_SX09_exit.htm?tc=SX-09&act=1","resources/SequencingTest_SX09_exitall.htm?tc=SX-09&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-sx-11b': { v: '2004', ed: '4th', orgs: 1, items: 2, launchable: 2, sco: 1, asset: 6, def: 'SX-11b', launch: ["resources/SequencingTest.htm?tc=SX-11b&act=1","resources/SequencingTest.htm?tc=SX-11b&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-sx-12a': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'SX-12a', launch: ["resources/SequencingTest.htm?tc=SX-12a&act=1","resources/SequencingTest.htm?tc=SX-12a&act=2"], diag: ["W:FILE_MISSING"] },
  'adl-cts4-t-01a': { v: '2004', ed: '4th', orgs: 1, items: 42, launchable: 29, sco: 1, asset: 6, def: 'T-01a', launch: ["resources/SequencingTest.htm?tc=T-01a&act=1","resources/SequencingTest.htm?tc=T-01a&act=5"], diag: ["W:FILE_MISSING"] },
  'emp-adlattributes-scorm20043rdedition': { v: '2004', ed: '3rd', orgs: 1, items: 1, launchable: 1, sco: 0, asset: 1, def: 'org1', launch: ["index.html"], diag: ["E:LAUNCH_FILE_MISSING","W:EDITION_MISMATCH"] },
  'emp-cm-01-broken-default-org': { v: '2004', ed: '4th', orgs: 1, items: 3, launchable: 3, sco: 1, asset: 6, def: 'CM-01', launch: ["resources/SequencingTest.htm?tc=CM-01&act=1","resources/SequencingTest.htm?tc=CM-01&act=2"], diag: ["E:LAUNCH_FILE_MISSING","W:DEFAULT_ORGANIZATION_MISSING","W:FILE_MISSING*6"] },
  'emp-complexnestedorganization-scorm12': { v: '1.2', ed: null, orgs: 2, items: 12, launchable: 12, sco: 12, asset: 0, def: 'default_org', launch: ["content/module1.html","content/chapter1_1.html"], diag: ["E:LAUNCH_FILE_MISSING*12"] },
  'emp-contentpackagingnoschemaversion-scorm20042ndedition': { v: '2004', ed: null, orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'org1', launch: ["index.html"], diag: ["E:LAUNCH_FILE_MISSING","W:SCHEMAVERSION_MISSING"] },
  'emp-contentpackagingwithmetadata-scorm12': { v: '1.2', ed: null, orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'default', launch: ["index.html"], diag: [] },
  'emp-invalidfilereferences-scorm12': { v: '1.2', ed: null, orgs: 1, items: 1, launchable: 1, sco: 1, asset: 1, def: 'default_org', launch: ["content/nonexistent.html"], diag: ["E:LAUNCH_FILE_MISSING","W:FILE_MISSING*3"] },
  'emp-invalidmissingorgidentifier-scorm20043rdedition': { v: '2004', ed: '3rd', orgs: 1, items: 1, launchable: 1, sco: 0, asset: 1, def: '', launch: ["index.html"], diag: ["E:LAUNCH_FILE_MISSING","E:MISSING_IDENTIFIER","W:DEFAULT_ORGANIZATION_MISSING"] },
  'emp-itemwithnonexistentresourceid-scorm12': { v: '1.2', ed: null, orgs: 1, items: 2, launchable: 1, sco: 1, asset: 0, def: 'default_org', launch: ["content/item2.html"], diag: ["E:RESOURCE_NOT_FOUND"] },
  'emp-launchurlfromnesteditem-scorm12': { v: '1.2', ed: null, orgs: 1, items: 7, launchable: 2, sco: 2, asset: 0, def: 'default_org', launch: ["content/topic1.html","content/section2.html"], diag: [] },
  'emp-malformedxml-scorm12': { parsed: false, diag: ["E:MANIFEST_INVALID"] },
  'emp-minimalvalid-scorm20043rdedition': { v: '2004', ed: '3rd', orgs: 1, items: 1, launchable: 1, sco: 0, asset: 1, def: 'org1', launch: ["index.html"], diag: ["E:LAUNCH_FILE_MISSING"] },
  'emp-missinglaunchurl-scorm12': { v: '1.2', ed: null, orgs: 1, items: 1, launchable: 0, sco: 1, asset: 0, def: 'default_org', launch: [], diag: ["E:NO_LAUNCHABLE_ITEM","E:SCO_WITHOUT_HREF","W:FILE_MISSING"] },
  'emp-missingrequiredfields-scorm12': { v: '1.2', ed: null, orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'default_org', launch: ["content/index.html"], diag: ["E:LAUNCH_FILE_MISSING","W:MISSING_TITLE"] },
  'emp-multipleitemswithidentifierref-scorm12': { v: '1.2', ed: null, orgs: 1, items: 3, launchable: 3, sco: 3, asset: 0, def: 'default_org', launch: ["content/item1.html","content/item2.html"], diag: [] },
  'emp-prerequisitestest-scorm12': { v: '1.2', ed: null, orgs: 1, items: 4, launchable: 4, sco: 4, asset: 0, def: 'org1', launch: ["module1.html","module2.html"], diag: ["W:MISCASED_ELEMENT"] },
  'golf-cp-metadata-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'golf_sample_default_org', launch: ["shared/launchpage.html"], diag: [] },
  'golf-cp-onefilepersco-12': { v: '1.2', ed: null, orgs: 1, items: 22, launchable: 18, sco: 0, asset: 19, def: 'golf_sample_default_org', launch: ["Playing/Playing.html","Playing/Par.html"], diag: [] },
  'golf-cp-onefilepersco-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 22, launchable: 18, sco: 0, asset: 19, def: 'golf_sample_default_org', launch: ["Playing/Playing.html","Playing/Par.html"], diag: [] },
  'golf-cp-singlesco-12': { v: '1.2', ed: null, orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'golf_sample_default_org', launch: ["shared/launchpage.html"], diag: [] },
  'golf-cp-singlesco-2004-2nd': { v: '2004', ed: '2nd', orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'golf_sample_default_org', launch: ["shared/launchpage.html"], diag: [] },
  'golf-cp-singlesco-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'golf_sample_default_org', launch: ["shared/launchpage.html"], diag: [] },
  'golf-runtime-advanced-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'golf_sample_default_org', launch: ["shared/launchpage.html"], diag: [] },
  'golf-runtime-basic-12': { v: '1.2', ed: null, orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'golf_sample_default_org', launch: ["shared/launchpage.html"], diag: [] },
  'golf-runtime-basic-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'golf_sample_default_org', launch: ["shared/launchpage.html"], diag: [] },
  'golf-runtime-minimum-12': { v: '1.2', ed: null, orgs: 1, items: 22, launchable: 18, sco: 18, asset: 1, def: 'golf_sample_default_org', launch: ["Playing/Playing.html","Playing/Par.html"], diag: [] },
  'golf-runtime-minimum-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 22, launchable: 18, sco: 18, asset: 1, def: 'golf_sample_default_org', launch: ["Playing/Playing.html","Playing/Par.html"], diag: [] },
  'golf-seq-forcedsequential-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 5, launchable: 5, sco: 5, asset: 1, def: 'golf_sample_default_org', launch: ["shared/launchpage.html?content=playing","shared/launchpage.html?content=etiquette"], diag: [] },
  'golf-seq-posttestrollup-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 5, launchable: 5, sco: 5, asset: 1, def: 'golf_sample_default_org', launch: ["shared/launchpage.html?content=playing","shared/launchpage.html?content=etiquette"], diag: [] },
  'golf-seq-posttestrollup-4thed-2004-4th': { v: '2004', ed: '4th', orgs: 1, items: 5, launchable: 5, sco: 5, asset: 1, def: 'golf_sample_default_org', launch: ["shared/launchpage.html?content=playing","shared/launchpage.html?content=etiquette"], diag: [] },
  'golf-seq-preorposttestrollup-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 8, launchable: 6, sco: 5, asset: 1, def: 'golf_sample_default_org', launch: ["shared/launchpage.html?content=assessment","shared/launchpage.html?content=playing"], diag: [] },
  'golf-seq-randomtest-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 10, launchable: 8, sco: 5, asset: 1, def: 'golf_sample_default_org', launch: ["shared/launchpage.html?content=playing","shared/launchpage.html?content=etiquette"], diag: [] },
  'golf-seq-simpleremediation-2004-3rd': { v: '2004', ed: '3rd', orgs: 1, items: 9, launchable: 8, sco: 5, asset: 1, def: 'golf_sample_default_org', launch: ["shared/launchpage.html?content=playing","shared/launchpage.html?content=etiquette"], diag: [] },
  'scorm-tester-parent-dom-violation': { v: '2004', ed: '4th', orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'ORG-001', launch: ["sco.html"], diag: [] },
  'scorm-tester-template-2004-4th': { v: '2004', ed: '4th', orgs: 1, items: 1, launchable: 1, sco: 1, asset: 0, def: 'org-1', launch: ["index.html"], diag: [] },
};

/**
 * Where index.json reads a manifest differently; each field listed is asserted against index.json
 * too, so a change on either side shows up here.
 */
const DISAGREEMENTS: Record<string, { field: keyof Expected; index: unknown; why: string }[]> = {
  'adl-cts4-cm-07e': [
    // The manifest writes identifier = "   CASETEST   "; organization@identifier is xs:ID, whose
    // whitespace collapses (XML Schema 2, 3.3.8), so default="CASETEST" resolves. index.json
    // agrees in substance ("only after whitespace trimming") and reports the trimmed name.
  ],
  'adl-cts4-ob-02a': [
    // Same padding (identifier="  OB-02a  "); index.json keeps the untrimmed string. We trim (xs:ID).
    { field: 'def', index: '  OB-02a  ', why: 'xs:ID values collapse whitespace' },
  ],
  'emp-adlattributes-scorm20043rdedition': [
    // res1 has no adlcp:scormType. CAM 4th Ed. 3.4.1.18: absent means asset. index.json counts it
    // in neither column (resources_without_scormtype: 1).
    { field: 'asset', index: 0, why: 'missing scormType is an asset' },
  ],
  'emp-minimalvalid-scorm20043rdedition': [{ field: 'asset', index: 0, why: 'missing scormType is an asset' }],
  'emp-invalidmissingorgidentifier-scorm20043rdedition': [
    { field: 'asset', index: 0, why: 'missing scormType is an asset' },
    // default="org1" names no organization (the only one lacks an identifier): index.json reports
    // the attribute as written (default_org_resolves: false); we fall back to the first
    // organization, whose identifier is empty, and warn.
    { field: 'def', index: 'org1', why: 'unresolved default falls back to the first organization' },
  ],
  'emp-cm-01-broken-default-org': [
    // default="NONEXISTENT_ORG": index.json reports it as written (resolves: false); the package
    // model says which organization is launched, the first one, CM-01 (with a warning).
    { field: 'def', index: 'NONEXISTENT_ORG', why: 'unresolved default falls back to the first organization' },
  ],
  'emp-itemwithnonexistentresourceid-scorm12': [
    // index.json counts items with an identifierref; item_1's points at no resource, so it has
    // no launch URL (and RESOURCE_NOT_FOUND makes the package not importable).
    { field: 'launchable', index: 2, why: 'a dangling identifierref launches nothing' },
  ],
  'emp-missinglaunchurl-scorm12': [
    // The only item references a SCO without href: nothing to launch (SCO_WITHOUT_HREF,
    // NO_LAUNCHABLE_ITEM). index.json counts the identifierref.
    { field: 'launchable', index: 1, why: 'a resource without href launches nothing' },
  ],
};

function diagCodes(diagnostics: { level: string; code: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const d of diagnostics) {
    const key = `${d.level === 'error' ? 'E' : 'W'}:${d.code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => (n > 1 ? `${k}*${n}` : k));
}

const fixtures = suite('manifest fixtures');
let all: Fixture[] = [];
fixtures.before(async () => {
  all = await loadFixtures();
});

fixtures('every fixture zip has an expectation, and every expectation a zip', () => {
  assert.equal(all.map((f) => f.name).sort(), Object.keys(EXPECTED).sort());
  assert.ok(all.length >= 80, `only ${all.length} fixtures found`);
});

fixtures('each fixture parses as expected', () => {
  for (const fixture of all) {
    const expected = EXPECTED[fixture.name]!;
    assert.ok(fixture.manifest, `${fixture.name}: no manifest located`);
    const result = parseManifest({ xml: fixture.manifest!, entries: fixture.entries });
    const at = `${fixture.name}: `;
    assert.equal(diagCodes(result.diagnostics), expected.diag, at + 'diagnostics');
    if ('parsed' in expected) {
      assert.is(result.package, null, at + 'package');
      continue;
    }
    const pkg = result.package!;
    assert.ok(pkg, at + 'package');
    const items = pkg.organizations.flatMap((o) => [...walkItems<Item>(o.items)]);
    const def = pkg.organizations.find((o) => o.identifier === pkg.default_organization)!;
    const actual: Expected = {
      v: pkg.version, ed: pkg.edition, orgs: pkg.organizations.length, items: items.length,
      launchable: items.filter((i) => i.launch_url !== null).length, sco: pkg.sco_count, asset: pkg.asset_count,
      def: pkg.default_organization,
      launch: [...walkItems<Item>(def.items)].flatMap((i) => (i.launch_url === null ? [] : [i.launch_url])).slice(0, 2),
      diag: expected.diag,
    };
    assert.equal(actual, expected, at + 'model');
  }
});

fixtures('index.json agrees, except where DISAGREEMENTS says why', () => {
  const index = loadIndex();
  const field: Record<string, keyof Expected> = {
    organizations: 'orgs', items: 'items', launchable_items: 'launchable', sco_resources: 'sco',
    asset_resources: 'asset', default_org: 'def',
  };
  for (const fixture of all) {
    const row = EXPECTED[fixture.name]!;
    const entry = index.get(fixture.name)!;
    if ('parsed' in row) {
      assert.ok(entry.parse_error, `${fixture.name}: index.json parsed it`);
      continue;
    }
    const disagreements = DISAGREEMENTS[fixture.name] ?? [];
    for (const [indexKey, ours] of Object.entries(field)) {
      const theirs = (entry as unknown as Record<string, unknown>)[indexKey];
      const noted = disagreements.find((d) => d.field === ours);
      if (noted) assert.equal(theirs, noted.index, `${fixture.name}: index.json ${indexKey} changed`);
      else assert.equal(row[ours], theirs, `${fixture.name}: ${indexKey} differs from index.json`);
    }
  }
});

fixtures('schemaversion is kept as written, and missing file references match index.json', () => {
  const index = loadIndex();
  for (const fixture of all) {
    const result = parseManifest({ xml: fixture.manifest!, entries: fixture.entries });
    const entry = index.get(fixture.name)!;
    if (!result.package) continue;
    assert.is(result.package.schemaversion, entry.schemaversion, `${fixture.name}: schemaversion`);
    const present = new Set(fixture.entries);
    const refs = new Set<string>();
    for (const r of result.package.resources) {
      r.files.forEach((f) => refs.add(f));
      if (r.href && !r.external) refs.add(decodeURIComponent(r.href.split(/[?#]/)[0]!));
    }
    result.package.metadata.locations.forEach((l) => refs.add(l.href));
    assert.equal([...refs].filter((r) => !present.has(r)).sort(), [...(entry.missing_file_refs ?? [])].sort(), `${fixture.name}: missing files`);
  }
});

fixtures.run();
