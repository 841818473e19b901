import { describe, expect, it } from "vitest";
import { CGROUP2_MAGIC, CGROUP_MAGIC, hexType, isCgroupMagic, judgeFs, nodeStatfs } from "./fs-type.js";

const errno = (code: string) => Object.assign(new Error(code), { code });

describe("filesystem type check", () => {
  it("recognises both cgroup magics, whatever the sign", () => {
    expect(isCgroupMagic(CGROUP_MAGIC)).toBe(true);
    expect(isCgroupMagic(CGROUP2_MAGIC)).toBe(true);
    expect(isCgroupMagic(CGROUP2_MAGIC | 0)).toBe(true);
    expect(isCgroupMagic(0x1021994)).toBe(false); // tmpfs
    expect(hexType(CGROUP_MAGIC)).toBe("0x27e0eb");
  });

  it("judges a path: writable, cgroupfs, gone, unknown", () => {
    expect(judgeFs("/x", () => ({ type: 0x1021994 }))).toEqual({ kind: "writable", fsType: 0x1021994 });
    expect(judgeFs("/x", () => ({ type: CGROUP_MAGIC })).kind).toBe("cgroupfs");
    expect(
      judgeFs("/x", () => {
        throw errno("ENOENT");
      }),
    ).toEqual({ kind: "gone" });
    expect(
      judgeFs("/x", () => {
        throw errno("EINVAL");
      }),
    ).toEqual({ kind: "unknown", code: "EINVAL" });
  });

  it("uses the real statfs on this Node", () => {
    expect(nodeStatfs).toBeTypeOf("function");
    expect(nodeStatfs?.("/").type).toBeTypeOf("number");
  });
});
