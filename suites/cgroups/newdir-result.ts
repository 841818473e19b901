/** What fixtures/image/probes/cgroup-newdir.mjs reports per controller. */
import type { ListingRecord } from "../../helpers/finding/evidence.js";

export interface Attempt {
  ok: boolean;
  code?: string;
  message?: string;
}

export interface FakeFile {
  file: string;
  existedBefore: boolean;
  write: Attempt;
  typeAfter: string;
  fsType: { magic: string; name: string };
}

export interface NewDirResult {
  controller: string;
  parent: ListingRecord;
  dir: string;
  mkdir: Attempt;
  created: ListingRecord | null;
  fakes: FakeFile[];
  rmdir: Attempt | null;
}
