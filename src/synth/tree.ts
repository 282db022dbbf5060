/**
 * The working tree of one synthetic repository as the history generator sees
 * it: directories and files with a popularity weight, so commits can pick
 * files the way real changes do (a few hot files, locality within a
 * directory), add files in plausible places, delete and rename them.
 *
 * Layout (by flavour; `<pkg>` is the repository's package name):
 * - python: `<pkg>/`, `tests/`, `docs/`, `examples/`, `benchmarks/`, `scripts/`
 * - cpp: `src/`, `include/<pkg>/`, `test/`, `python/<pkg>/`, `cmake/`, `docs/`,
 *   `third_party/` (submodule gitlinks), `scripts/`
 * - cuda: `csrc/`, `<pkg>/`, `tests/`, `benchmarks/`, `docs/`, `third_party/`, `scripts/`
 * - always: `.github/workflows/*.yml`, `README.md`, `LICENSE`, `.gitignore`,
 *   `CHANGELOG.md`, `version.txt`, `requirements.txt`, `.pre-commit-config.yaml`,
 *   `pyproject.toml` or `CMakeLists.txt` + `setup.py`; optionally
 *   `docs/zh_CN/` with non-ASCII file names.
 *
 * Shape: directories nest to depth 5, so file paths have 1-6 components
 * (almost all 2-6); see {@link Tree.reservePath} for placement. File popularity is Pareto
 * (`xm = 1`, `alpha = 1.1`, capped at 400): a few files take most changes.
 * Modes: scripts are `100755`; a fifth of repos have a `120000` symlink;
 * cpp/cuda repos have 1-3 `160000` submodule gitlinks under `third_party/`.
 *
 * @module
 */
import type { Rng } from './random.ts';
import { WeightedBag } from './random.ts';
import { FILE_WORDS, MODULE_WORDS } from './vocab.ts';
import type { Flavor } from './plan.ts';

/** What a directory holds, which decides file extensions and weights. */
export type DirKind = 'src' | 'include' | 'test' | 'docs' | 'i18n' | 'examples' | 'bench' | 'scripts' | 'ci' | 'cmake' | 'vendor' | 'root';

/** A directory of the tree. */
export interface Dir {
  /** Path without trailing slash (`''` for the root). */
  path: string;
  /** Number of path components (root 0). */
  readonly depth: number;
  readonly kind: DirKind;
  readonly children: Dir[];
  /** Files directly in the directory. */
  readonly files: FileRec[];
  /** Index in the tree's directory list. */
  readonly slot: number;
  readonly parent: Dir | undefined;
}

/** A file of the tree. */
export interface FileRec {
  path: string;
  dir: Dir;
  /** Slot in the file sampler. */
  readonly slot: number;
  /** Position in `dir.files`. */
  dpos: number;
  /** Popularity weight. */
  readonly weight: number;
  /** Git mode: `100644`, `100755`, `120000` (symlink) or `160000` (gitlink). */
  readonly mode: string;
  /** Never deleted or renamed (configuration files bots rely on, symlinks, gitlinks). */
  readonly pinned: boolean;
}

const EXTS: Readonly<Record<Flavor, Readonly<Partial<Record<DirKind, readonly string[]>>>>> = {
  python: { src: ['.py', '.py', '.py', '.py', '.py', '.pyi', '.yaml', '.json'], test: ['.py'], docs: ['.md', '.md', '.rst'], i18n: ['.md'], examples: ['.py', '.py', '.ipynb', '.md'], bench: ['.py'], scripts: ['.sh', '.py'], ci: ['.yml'], cmake: ['.cmake'], include: ['.h'] },
  cpp: { src: ['.cc', '.cpp', '.cpp', '.h', '.h', '.td', '.mlir'], include: ['.h', '.h', '.hpp', '.td'], test: ['.cpp', '.mlir', '.mlir', '.py', '.ll'], docs: ['.md', '.md', '.rst'], i18n: ['.md'], examples: ['.cpp', '.py'], bench: ['.cpp', '.py'], scripts: ['.sh', '.py'], ci: ['.yml'], cmake: ['.cmake'] },
  cuda: { src: ['.cu', '.cu', '.cu', '.cuh', '.cpp', '.h', '.py'], include: ['.h', '.cuh'], test: ['.py', '.py', '.cu', '.cpp'], docs: ['.md', '.rst'], i18n: ['.md'], examples: ['.py'], bench: ['.py', '.cu'], scripts: ['.sh', '.py'], ci: ['.yml'], cmake: ['.cmake'] },
};

/** Relative weight of a directory kind when a new file is placed. */
const KIND_WEIGHT: Readonly<Record<DirKind, number>> = { src: 10, include: 3, test: 5, docs: 1.5, i18n: 0.3, examples: 1, bench: 1, scripts: 0.6, ci: 0.3, cmake: 0.3, vendor: 0, root: 0 };

const I18N_STEMS = ['快速开始', '安装', '常见问题', '模型量化', '部署指南', '贡献指南'];
const SUBMODULES = ['cutlass', 'googletest', 'pybind11', 'json', 'fmt', 'composable_kernel', 'flashinfer', 'nccl'];

/** Files every tree has, used by bots: always present, never deleted or renamed. */
export const PINNED_FILES = ['README.md', 'LICENSE', '.gitignore', 'CHANGELOG.md', 'version.txt', 'requirements.txt', '.pre-commit-config.yaml', 'pyproject.toml', '.github/workflows/ci.yml', '.github/workflows/release.yml', 'docs/index.md', 'docs/api.md', 'third_party/pins.txt'] as const;

/** A repository's tree. */
export class Tree {
  /** Live files by slot (holes are `undefined`). */
  private readonly slots: (FileRec | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly bag = new WeightedBag(256);
  private readonly dirs: Dir[] = [];
  /** Top-level placement directories and their sampler. */
  private readonly topDirs: Dir[] = [];
  private readonly topBag = new WeightedBag(16);
  /** Every live path, plus paths reserved by an open side branch. */
  readonly paths = new Set<string>();
  /** Number of live files. */
  count = 0;
  readonly root: Dir;
  /** Top-level source directories by kind, for placing files. */
  private readonly tops = new Map<DirKind, Dir>();
  /** Submodule gitlinks. */
  readonly gitlinks: FileRec[] = [];

  /**
   * @param flavor - source-tree flavour
   * @param pkg - package directory name
   */
  constructor(private readonly flavor: Flavor, pkg: string) {
    this.root = this.newDir(undefined, '', 'root');
    const top = (path: string, kind: DirKind) => {
      let d = this.root;
      for (const part of path.split('/')) {
        const full = d.path ? `${d.path}/${part}` : part;
        d = d.children.find((c) => c.path === full) ?? this.newDir(d, part, part === path.split('/').pop() ? kind : d.kind === 'root' ? kind : d.kind);
      }
      if (!this.tops.has(kind)) this.tops.set(kind, d);
      this.topBag.set(this.topDirs.length, KIND_WEIGHT[kind] * (this.topDirs.some((t) => t.kind === kind) ? 0.4 : 1));
      this.topDirs.push(d);
      return d;
    };
    if (flavor === 'python') {
      top(pkg, 'src');
      top('tests', 'test');
      top('examples', 'examples');
      top('benchmarks', 'bench');
    } else if (flavor === 'cpp') {
      top('src', 'src');
      top(`include/${pkg}`, 'include');
      top('test', 'test');
      top(`python/${pkg}`, 'src');
      top('cmake', 'cmake');
      top('examples', 'examples');
    } else {
      top('csrc', 'src');
      top(pkg, 'src');
      top('tests', 'test');
      top('benchmarks', 'bench');
    }
    top('docs', 'docs');
    top('scripts', 'scripts');
    top('.github/workflows', 'ci');
    top('third_party', 'vendor');
  }

  /** The directory for `docs/zh_CN` (created on first use). */
  i18nDir(): Dir {
    const docs = this.tops.get('docs')!;
    return docs.children.find((c) => c.kind === 'i18n') ?? this.newDir(docs, 'zh_CN', 'i18n');
  }

  private newDir(parent: Dir | undefined, name: string, kind: DirKind): Dir {
    const dir: Dir = { path: parent && parent.path ? `${parent.path}/${name}` : name, depth: parent ? parent.depth + 1 : 0, kind, children: [], files: [], slot: this.dirs.length, parent };
    parent?.children.push(dir);
    this.dirs.push(dir);
    return dir;
  }

  /**
   * Registers a file at an exact path (used for fixed files and reserved side-branch files).
   *
   * @param path - full path; its directories are created as needed (kind inherited)
   * @param rng - random stream (popularity)
   * @param mode - git mode
   * @param pinned - never delete or rename
   */
  addAt(path: string, rng: Rng, mode = '100644', pinned = false): FileRec {
    const parts = path.split('/');
    parts.pop();
    let d = this.root;
    for (const part of parts) {
      const full = d.path ? `${d.path}/${part}` : part;
      d = d.children.find((c) => c.path === full) ?? this.newDir(d, part, d.kind === 'root' ? 'src' : d.kind);
    }
    return this.register(path, d, rng, mode, pinned);
  }

  private register(path: string, dir: Dir, rng: Rng, mode: string, pinned: boolean): FileRec {
    const slot = this.freeSlots.length ? this.freeSlots.pop()! : this.slots.length;
    const special = mode === '120000' || mode === '160000';
    const weight = special ? 0 : Math.round(Math.min(400, rng.pareto(1, 1.1)) * 10);
    const rec: FileRec = { path, dir, slot, dpos: dir.files.length, weight, mode, pinned: pinned || special };
    this.slots[slot] = rec;
    dir.files.push(rec);
    this.bag.set(slot, weight);
    this.paths.add(path);
    this.count++;
    if (mode === '160000') this.gitlinks.push(rec);
    return rec;
  }

  /**
   * Chooses a fresh path for a new file and reserves it (so no other branch
   * takes it), without adding it to the tree.
   *
   * Placement: 70 % of the time in or under `near` (when given), else under
   * a top-level directory chosen by kind (source 10, tests 5, docs 1.5, ...).
   * From there it walks down into a random subdirectory with probability
   * `0.3 + 0.08 x subdirectories` (+0.3 when the directory holds 20+ files,
   * at most 0.9); a directory with 30+ files sends the file to a
   * subdirectory. A new subdirectory is created with probability 0.01 /
   * 0.06 / 0.3 / 0.9 for directories of <6 / 6-14 / 15-29 / 30+ files,
   * damped by depth (x0.7 at depth 3, x0.4 at depth 4, none at depth 5), so
   * directories mostly hold 5-40 files and file paths have 2-6 components.
   * `.github/workflows` stops growing at 12 files and `docs/zh_CN` at 8.
   *
   * @param rng - random stream
   * @param near - directory to place it in or under, if any
   * @returns the path and its directory
   */
  reservePath(rng: Rng, near?: Dir): { path: string; dir: Dir; mode: string } {
    // Flat directories (workflows, translations) stay small: once full, place the file elsewhere.
    const full = (d: Dir) => (d.kind === 'ci' && d.files.length >= 12) || (d.kind === 'i18n' && d.files.length >= 8);
    let dir = near && near.kind !== 'root' && near.kind !== 'vendor' && !full(near) && rng.chance(0.7) ? near : this.topDirs[this.topBag.sample(rng)]!;
    for (let i = 0; i < 10 && full(dir); i++) dir = this.topDirs[this.topBag.sample(rng)]!;
    if (full(dir)) dir = this.tops.get('src')!;
    for (;;) {
      const kids = dir.children;
      if (!kids.length) break;
      const p = Math.min(0.9, 0.3 + 0.08 * kids.length + (dir.files.length >= 20 ? 0.3 : 0));
      if (dir.files.length < 30 && !rng.chance(p)) break;
      const c = rng.pick(kids);
      if (c.kind === 'vendor' || c.kind === 'ci' || c.kind === 'i18n') break;
      dir = c;
    }
    const n = dir.files.length;
    const damp = [1, 1, 1, 0.7, 0.4, 0][dir.depth] ?? 0;
    const pNew = (n >= 30 ? 0.9 : n >= 15 ? 0.3 : n >= 6 ? 0.06 : 0.01) * damp;
    if (dir.kind !== 'ci' && dir.kind !== 'i18n' && dir.kind !== 'root' && rng.chance(pNew)) {
      let name = rng.pick(MODULE_WORDS);
      for (let i = 0; dir.children.some((c) => c.path.endsWith(`/${name}`) || c.path === name); i++) name = `${rng.pick(MODULE_WORDS)}${i > 3 ? `_${i}` : ''}`;
      dir = this.newDir(dir, name, dir.kind);
    }
    const exts = EXTS[this.flavor][dir.kind] ?? ['.md'];
    let path = '';
    for (let attempt = 0; ; attempt++) {
      let stem = dir.kind === 'i18n' ? rng.pick(I18N_STEMS) : rng.pick(FILE_WORDS);
      if (dir.kind !== 'i18n' && rng.chance(0.35)) stem += `_${rng.pick(FILE_WORDS)}`;
      if (dir.kind === 'test' && rng.chance(0.8)) stem = `test_${stem}`;
      if (attempt > 4) stem += `_${attempt}`;
      path = `${dir.path ? `${dir.path}/` : ''}${stem}${rng.pick(exts)}`;
      if (!this.paths.has(path)) break;
    }
    this.paths.add(path);
    return { path, dir, mode: dir.kind === 'scripts' ? '100755' : '100644' };
  }

  /**
   * Adds a reserved path to the tree.
   *
   * @param res - a reservation from {@link Tree.reservePath}
   * @param rng - random stream
   */
  commitReserved(res: { path: string; dir: Dir; mode: string }, rng: Rng): FileRec {
    this.paths.delete(res.path);
    return this.register(res.path, res.dir, rng, res.mode, false);
  }

  /**
   * Drops a reservation that was never added.
   *
   * @param path - reserved path
   */
  release(path: string): void {
    this.paths.delete(path);
  }

  /**
   * Adds a new file in a plausible place.
   *
   * @param rng - random stream
   * @param near - directory to place it in or under, if any
   */
  addFile(rng: Rng, near?: Dir): FileRec {
    return this.commitReserved(this.reservePath(rng, near), rng);
  }

  /**
   * A file chosen by popularity (never a symlink or gitlink).
   *
   * @param rng - random stream
   */
  pickFile(rng: Rng): FileRec | undefined {
    const slot = this.bag.sample(rng);
    return slot < 0 ? undefined : this.slots[slot];
  }

  /**
   * A file near another one: in the same directory, else a sibling or child directory.
   *
   * @param rng - random stream
   * @param dir - the directory
   */
  pickNear(rng: Rng, dir: Dir): FileRec | undefined {
    let d = dir;
    const r = rng.float();
    if (r < 0.15 && d.parent && d.parent.kind !== 'root') d = d.parent;
    else if (r < 0.3 && d.children.length) d = rng.pick(d.children);
    const candidates = d.files.length ? d.files : dir.files;
    if (!candidates.length) return undefined;
    const f = rng.pick(candidates);
    return f.weight > 0 ? f : undefined;
  }

  /**
   * Removes a file.
   *
   * @param f - a live file
   */
  remove(f: FileRec): void {
    const list = f.dir.files;
    const last = list.pop()!;
    if (last !== f) {
      list[f.dpos] = last;
      last.dpos = f.dpos;
    }
    this.slots[f.slot] = undefined;
    this.freeSlots.push(f.slot);
    this.bag.set(f.slot, 0);
    this.paths.delete(f.path);
    this.count--;
  }

  /**
   * Renames a file to a fresh path (same or another directory).
   *
   * @param f - a live, unpinned file
   * @param rng - random stream
   * @returns the new file record
   */
  rename(f: FileRec, rng: Rng): FileRec {
    const res = this.reservePath(rng, rng.chance(0.6) ? f.dir : undefined);
    this.remove(f);
    this.paths.delete(res.path);
    return this.register(res.path, res.dir, rng, f.mode, false);
  }

  /**
   * Renames a leaf directory (no subdirectories, 1-40 files, none pinned) to
   * a new name under the same parent.
   *
   * @param rng - random stream
   * @returns old and new directory paths and the moved files' old/new paths, or undefined when no directory qualifies
   */
  renameLeafDir(rng: Rng): { from: string; to: string; moves: [string, string][] } | undefined {
    for (let attempt = 0; attempt < 10; attempt++) {
      const d = rng.pick(this.dirs);
      if (!d || d.children.length || d.depth < 2 || d.files.length === 0 || d.files.length > 40 || d.files.some((f) => f.pinned)) continue;
      const parent = d.parent!;
      const name = `${rng.pick(MODULE_WORDS)}_${rng.pick(MODULE_WORDS)}`;
      const to = `${parent.path}/${name}`;
      if (parent.children.some((c) => c.path === to) || [...this.paths].some((p) => p.startsWith(`${to}/`))) continue;
      const from = d.path;
      const moves: [string, string][] = [];
      d.path = to;
      for (const f of d.files) {
        const np = `${to}${f.path.slice(from.length)}`;
        moves.push([f.path, np]);
        this.paths.delete(f.path);
        this.paths.add(np);
        f.path = np;
      }
      return { from, to, moves };
    }
    return undefined;
  }
}
