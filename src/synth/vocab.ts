/**
 * Word lists the synthetic corpus is assembled from: fictional people's
 * names, email providers and employers, fictional organisation and
 * repository names, source-tree vocabulary, commit subjects, bots and AI
 * coding agents.
 *
 * Every person and repository in the corpus is fictional: names are random
 * first-name/surname pairs and repository owners are invented, so nothing
 * generated identifies a real individual. Email domains of employers and
 * providers are real (nvidia.com, gmail.com, ...) because the identity and
 * affiliation stages key on them; the bot and AI-agent identities are the
 * real public ones (`dependabot[bot]`, `noreply@anthropic.com`, ...) for
 * the same reason.
 *
 * @module
 */

/** A naming region: how names, timezones and webmail providers go together. */
export interface Region {
  /** Key, e.g. `cn`. */
  readonly key: string;
  /** Share of the population, relative weight. */
  readonly weight: number;
  /** UTC offsets in minutes east of UTC (standard time), with relative weights. */
  readonly zones: readonly (readonly [offset: number, weight: number, dst: boolean])[];
  /** Given names. */
  readonly first: readonly string[];
  /** Family names. */
  readonly last: readonly string[];
  /** Whether names are usually written family name first in some commits ("Wang, Chuanqi"). */
  readonly familyFirst: boolean;
  /** Webmail providers with relative weights. */
  readonly webmail: readonly (readonly [domain: string, weight: number])[];
  /** Academic domains. */
  readonly academic: readonly string[];
}

const WESTERN_MAIL = [['gmail.com', 70], ['outlook.com', 6], ['hotmail.com', 6], ['yahoo.com', 4], ['protonmail.com', 4], ['icloud.com', 4], ['fastmail.com', 1], ['googlemail.com', 2]] as const;

/** Regions of the contributor population, weights summing to 100. */
export const REGIONS: readonly Region[] = [
  {
    key: 'us',
    weight: 30,
    zones: [[-480, 40, true], [-300, 35, true], [-360, 15, true], [-420, 10, true]],
    first: ['James', 'Michael', 'David', 'Sarah', 'Emily', 'Daniel', 'Matthew', 'Ryan', 'Jessica', 'Andrew', 'Kevin', 'Brian', 'Jason', 'Justin', 'Rachel', 'Megan', 'Tyler', 'Kyle', 'Nathan', 'Zachary', 'Alex', 'Chris', 'Jordan', 'Taylor', 'Morgan', 'Logan', 'Hannah', 'Olivia', 'Ethan', 'Noah', 'Grace', 'Caleb', 'Evan', 'Ian', 'Colin', 'Derek', 'Trevor', 'Lauren', 'Amanda', 'Brandon'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Reed', 'Cook', 'Bell', 'Murphy', 'Bailey', 'Cooper', 'Howard', 'Ward', 'Brooks', 'Gray'],
    familyFirst: false,
    webmail: WESTERN_MAIL,
    academic: ['cs.stanford.edu', 'stanford.edu', 'mit.edu', 'berkeley.edu', 'cmu.edu', 'andrew.cmu.edu', 'cs.washington.edu', 'princeton.edu', 'illinois.edu', 'utexas.edu', 'gatech.edu', 'cornell.edu'],
  },
  {
    key: 'cn',
    weight: 24,
    zones: [[480, 100, false]],
    first: ['Wei', 'Jie', 'Hao', 'Yang', 'Lei', 'Jun', 'Chen', 'Yu', 'Xin', 'Ming', 'Tao', 'Peng', 'Bo', 'Qiang', 'Yi', 'Hui', 'Jing', 'Fan', 'Lin', 'Kai', 'Zhen', 'Rui', 'Yuxuan', 'Haoran', 'Zihan', 'Yifan', 'Jiahao', 'Chuanqi', 'Shuai', 'Xiaoyu', 'Mengqi', 'Siyuan', 'Tianyu', 'Zhiyuan', 'Xuan', 'Yue', 'Ning', 'Ran', 'Song', 'Chao'],
    last: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Gao', 'Luo', 'Zheng', 'Liang', 'Xie', 'Song', 'Tang', 'Han', 'Feng', 'Deng', 'Cao', 'Peng', 'Zeng', 'Xiao', 'Tian', 'Dong', 'Pan', 'Yuan', 'Cai', 'Jiang', 'Yu', 'Du'],
    familyFirst: true,
    webmail: [['gmail.com', 40], ['qq.com', 25], ['163.com', 14], ['126.com', 5], ['foxmail.com', 5], ['outlook.com', 6], ['hotmail.com', 3], ['sina.com', 2]],
    academic: ['mails.tsinghua.edu.cn', 'pku.edu.cn', 'zju.edu.cn', 'sjtu.edu.cn', 'ustc.edu.cn', 'fudan.edu.cn', 'nju.edu.cn'],
  },
  {
    key: 'in',
    weight: 12,
    zones: [[330, 100, false]],
    first: ['Rahul', 'Amit', 'Priya', 'Ankit', 'Rohan', 'Vikram', 'Arjun', 'Neha', 'Siddharth', 'Karthik', 'Aditya', 'Pooja', 'Sandeep', 'Abhishek', 'Varun', 'Akash', 'Nikhil', 'Shreya', 'Harsh', 'Ananya', 'Deepak', 'Manish', 'Suresh', 'Kiran', 'Ravi', 'Vivek', 'Gaurav', 'Ishaan', 'Meera', 'Tanvi'],
    last: ['Sharma', 'Patel', 'Kumar', 'Singh', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Rao', 'Joshi', 'Mehta', 'Agarwal', 'Verma', 'Shah', 'Desai', 'Menon', 'Bhat', 'Kulkarni', 'Chopra', 'Malhotra', 'Banerjee', 'Mukherjee', 'Das', 'Pillai', 'Krishnan', 'Srinivasan', 'Venkatesh', 'Jain', 'Saxena', 'Mishra'],
    familyFirst: false,
    webmail: [['gmail.com', 80], ['outlook.com', 6], ['yahoo.co.in', 6], ['hotmail.com', 4], ['rediffmail.com', 4]],
    academic: ['iitb.ac.in', 'iisc.ac.in', 'cse.iitd.ac.in', 'iitm.ac.in'],
  },
  {
    key: 'eu',
    weight: 18,
    zones: [[60, 55, true], [0, 25, true], [120, 12, true], [180, 8, false]],
    first: ['Lukas', 'Felix', 'Jonas', 'Maximilian', 'Pierre', 'Antoine', 'Julien', 'Mathieu', 'Marco', 'Luca', 'Giulia', 'Alessandro', 'Pablo', 'Javier', 'Carlos', 'Lucia', 'Jan', 'Piotr', 'Tomasz', 'Anna', 'Sofia', 'Elena', 'Nikolai', 'Dmitry', 'Ivan', 'Mikhail', 'Oliver', 'Harry', 'Thomas', 'Sebastian', 'Henrik', 'Lars', 'Erik', 'Mads', 'Joost', 'Sven', 'Théo', 'Zoë', 'José', 'Jörg'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Martin', 'Bernard', 'Dubois', 'Durand', 'Lefebvre', 'Rossi', 'Russo', 'Ferrari', 'Bianchi', 'García', 'Fernández', 'López', 'Martínez', 'Nowak', 'Kowalski', 'Wiśniewski', 'Ivanov', 'Smirnov', 'Popov', 'Kuznetsov', 'Jones', 'Davies', 'Hughes', 'Jansen', 'de Vries', 'van Dijk', 'Larsen', 'Nielsen', 'Andersson', 'Johansson', 'Novák', 'Horváth'],
    familyFirst: false,
    webmail: [['gmail.com', 65], ['outlook.com', 6], ['gmx.de', 6], ['web.de', 4], ['protonmail.com', 6], ['yandex.ru', 5], ['hotmail.com', 4], ['posteo.de', 2], ['free.fr', 2]],
    academic: ['ethz.ch', 'epfl.ch', 'cam.ac.uk', 'ox.ac.uk', 'tum.de', 'inria.fr', 'kth.se', 'uva.nl'],
  },
  {
    key: 'kr-jp',
    weight: 7,
    zones: [[540, 100, false]],
    first: ['Minjun', 'Seojun', 'Jihoon', 'Hyunwoo', 'Jiwoo', 'Seoyeon', 'Donghyuk', 'Sungmin', 'Hiroshi', 'Takeshi', 'Kenji', 'Yuki', 'Haruto', 'Sota', 'Ren', 'Daiki', 'Akira', 'Naoki', 'Yuto', 'Sakura'],
    last: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato'],
    familyFirst: false,
    webmail: [['gmail.com', 80], ['naver.com', 10], ['kakao.com', 3], ['yahoo.co.jp', 7]],
    academic: ['snu.ac.kr', 'kaist.ac.kr', 'u-tokyo.ac.jp'],
  },
  {
    key: 'other',
    weight: 9,
    zones: [[-180, 35, false], [120, 15, false], [180, 15, false], [600, 15, true], [345, 5, false], [420, 15, false]],
    first: ['Lucas', 'Gabriel', 'Matheus', 'Rafael', 'Ahmed', 'Omar', 'Youssef', 'Mohamed', 'Ali', 'Hassan', 'Cem', 'Emre', 'Duc', 'Minh', 'Thanh', 'Liam', 'Jack', 'Chloe', 'Sipho', 'Tendai'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Hassan', 'Ibrahim', 'Khalil', 'Mahmoud', 'Yilmaz', 'Demir', 'Nguyen', 'Tran', 'Pham', 'Le', 'Murray', 'Kelly', 'Dlamini', 'Moyo', 'Shrestha'],
    familyFirst: false,
    webmail: [['gmail.com', 80], ['outlook.com', 8], ['hotmail.com', 8], ['yahoo.com', 4]],
    academic: ['usp.br', 'unimelb.edu.au', 'technion.ac.il', 'nus.edu.sg'],
  },
];

/** Chinese names written in Han characters, used by a small share of `cn` people (exercises UTF-8 identities). */
export const HAN_NAMES: readonly string[] = ['张伟', '王芳', '李娜', '刘洋', '陈杰', '杨帆', '赵磊', '黄敏', '周涛', '吴昊', '徐静', '孙鹏', '马超', '朱琳', '胡斌', '郭峰'];

/**
 * Employers by email domain with relative weights per category affinity
 * (`*` = any category). A domain's weight in a category is `base * boost`.
 */
export const EMPLOYERS: readonly (readonly [domain: string, base: number, boosts?: Readonly<Record<string, number>>])[] = [
  ['nvidia.com', 16, { 'gpu-kernels': 2.5, 'inference-runtimes': 1.5, 'distributed-training': 1.5, 'llm-serving': 1.4 }],
  ['intel.com', 11, { 'edge-on-device': 1.8, 'model-optimization': 1.8, 'ml-compilers': 1.4, 'hw-sw-codesign': 1.5 }],
  ['amd.com', 9, { 'gpu-kernels': 2.2, 'hw-sw-codesign': 1.8, 'ml-compilers': 1.5 }],
  ['google.com', 11, { 'ml-compilers': 2, 'edge-on-device': 1.6, 'training-frameworks': 1.4 }],
  ['meta.com', 9, { 'training-frameworks': 2.2, 'distributed-training': 1.6, 'edge-on-device': 1.4 }],
  ['fb.com', 3, { 'training-frameworks': 2.2 }],
  ['microsoft.com', 10, { 'inference-runtimes': 1.8, 'distributed-training': 1.6, 'agent-frameworks': 1.5 }],
  ['alibaba-inc.com', 4, { 'llm-serving': 1.8, 'edge-on-device': 1.5 }],
  ['bytedance.com', 4, { 'distributed-training': 1.6, 'llm-serving': 1.5 }],
  ['huawei.com', 3, { 'hw-sw-codesign': 2, 'ml-compilers': 1.4 }],
  ['apple.com', 2, { 'edge-on-device': 2.5 }],
  ['amazon.com', 3, { 'ml-platform': 2, 'llm-serving': 1.3 }],
  ['ibm.com', 2, { 'ml-platform': 1.8, 'llm-serving': 1.3 }],
  ['redhat.com', 2, { 'ml-platform': 2.5, 'llm-serving': 1.8 }],
  ['qualcomm.com', 2, { 'edge-on-device': 2.5 }],
  ['arm.com', 2, { 'edge-on-device': 2.2, 'hw-sw-codesign': 1.8 }],
  ['tenstorrent.com', 2, { 'hw-sw-codesign': 4, 'ml-compilers': 1.5 }],
  ['huggingface.co', 4, { 'training-frameworks': 1.5, 'model-optimization': 1.6, 'agent-frameworks': 1.3 }],
  ['anyscale.com', 1, { 'ml-platform': 3, 'llm-serving': 1.5 }],
  ['databricks.com', 1, { 'ml-platform': 2.5 }],
  ['modular.com', 1, { 'ml-compilers': 3 }],
  ['samsung.com', 1, { 'edge-on-device': 2 }],
  ['tencent.com', 2, { 'edge-on-device': 2, 'inference-runtimes': 1.5 }],
  ['cerebras.net', 1, { 'hw-sw-codesign': 3 }],
  ['openai.com', 1, { 'gpu-kernels': 1.5, 'agent-frameworks': 2 }],
  ['deepseek.com', 1, { 'gpu-kernels': 2, 'distributed-training': 2 }],
];

/** Top-level domains of personal vanity domains (`first@firstlast.dev`, the "unknown" affiliation bucket). */
export const PERSONAL_TLDS: readonly string[] = ['dev', 'me', 'io', 'net', 'org', 'com'];

/** Words fictional organisation names are built from. */
export const ORG_PARTS: readonly (readonly string[])[] = [
  ['deep', 'tensor', 'neural', 'quantum', 'vector', 'hyper', 'flux', 'nova', 'astra', 'lumen', 'cortex', 'photon', 'sigma', 'delta', 'kappa', 'mosaic', 'prism', 'orbit', 'zenith', 'helix', 'cobalt', 'onyx', 'ember', 'aurora', 'nimbus', 'vertex', 'matrix', 'tile', 'warp', 'fused'],
  ['forge', 'labs', 'ai', 'works', 'systems', 'ml', 'compute', 'research', 'stack', 'hq', 'foundry', 'core', 'dev', 'project', 'org', 'io', 'net', 'hub', 'group', 'collective'],
];

/** Words fictional repository names are built from, per category. */
export const REPO_WORDS: Readonly<Record<string, readonly string[]>> = {
  'gpu-kernels': ['kernels', 'attention', 'gemm', 'flash', 'tile', 'warp', 'cuda', 'triton', 'fused-ops', 'moe-kernels', 'sparse', 'blas'],
  'ml-compilers': ['compiler', 'mlir', 'ir', 'graph-opt', 'codegen', 'lowering', 'jit', 'dialects', 'xla', 'tvm', 'fusion', 'passes'],
  'distributed-training': ['parallel', 'fsdp', 'pipeline', 'sharding', 'collective', 'megatron', 'zero', 'rlhf', 'elastic', 'trainer'],
  'inference-runtimes': ['runtime', 'engine', 'onnx', 'infer', 'executor', 'tensorrt', 'graph-rt', 'accel', 'delegate', 'backend'],
  'llm-serving': ['serve', 'serving', 'llm-server', 'router', 'batching', 'kv-cache', 'gateway', 'inference-server', 'spec-decode', 'scheduler'],
  'training-frameworks': ['torch', 'framework', 'nn', 'autograd', 'models', 'transformers', 'lightning', 'flax', 'trainer-core', 'modeling'],
  'ml-platform': ['pipelines', 'orchestrator', 'platform', 'workflows', 'serving-platform', 'feature-store', 'tracking', 'operator', 'cluster', 'jobs'],
  'edge-on-device': ['lite', 'mobile', 'edge', 'micro', 'on-device', 'npu', 'tiny', 'embedded', 'wasm', 'web-llm'],
  'model-optimization': ['quant', 'compress', 'prune', 'distill', 'sparsity', 'lowbit', 'awq', 'gptq', 'optimum', 'compressor'],
  'hw-sw-codesign': ['accelerator', 'rtl', 'npu-sdk', 'sim', 'hwkit', 'chip-compiler', 'isa', 'firmware', 'dataflow', 'systolic'],
  'ml-debugging': ['profiler', 'debugger', 'inspect', 'trace', 'eval', 'interp', 'viz', 'monitor', 'lens', 'bench'],
  'agent-frameworks': ['agents', 'agent-sdk', 'graph', 'crew', 'autoflow', 'toolkit', 'swarm', 'chains', 'assist', 'mcp'],
};

/** Adjectives/prefixes for repository names. */
export const REPO_PREFIXES: readonly string[] = ['fast', 'open', 'mini', 'nano', 'mega', 'turbo', 'light', 'hyper', 'smart', 'auto', 'easy', 'super', 'deep', 'py', 'lib', 'x', 'neo', 'ultra', 'micro', 'meta'];

/** Source-tree vocabulary: module/directory names. */
export const MODULE_WORDS: readonly string[] = [
  'ops', 'kernels', 'runtime', 'distributed', 'quantization', 'attention', 'utils', 'backends', 'cuda', 'rocm', 'cpu', 'passes',
  'ir', 'codegen', 'scheduler', 'serving', 'models', 'layers', 'optim', 'data', 'io', 'export', 'core', 'api', 'config', 'memory',
  'graph', 'transforms', 'fusion', 'sparse', 'linalg', 'tensor', 'autograd', 'nn', 'functional', 'profiler', 'metrics', 'hub',
  'tokenizer', 'sampling', 'cache', 'comm', 'collectives', 'pipeline', 'checkpoint', 'lora', 'moe', 'mlp', 'norm', 'rope',
  'triton', 'cutlass', 'xpu', 'mps', 'vulkan', 'metal', 'dialect', 'conversion', 'analysis', 'lowering', 'interpreter', 'server',
  'client', 'proto', 'plugins', 'tools', 'common', 'internal', 'experimental', 'contrib', 'legacy', 'compat', 'testing', 'helpers',
];

/** File-name stems. */
export const FILE_WORDS: readonly string[] = [
  'base', 'main', 'utils', 'common', 'config', 'registry', 'kernel', 'launcher', 'dispatch', 'matmul', 'gemm', 'conv', 'softmax',
  'layernorm', 'rmsnorm', 'attention', 'flash', 'paged', 'rotary', 'embedding', 'linear', 'activation', 'reduce', 'scan', 'topk',
  'quantize', 'dequant', 'fp8', 'int4', 'calibrate', 'observer', 'scheduler', 'allocator', 'stream', 'event', 'graph', 'node',
  'builder', 'parser', 'printer', 'pass', 'pattern', 'rewrite', 'verifier', 'shape', 'dtype', 'device', 'context', 'session',
  'engine', 'worker', 'executor', 'sampler', 'tokenizer', 'loader', 'dataset', 'trainer', 'optimizer', 'lr', 'checkpoint', 'state',
  'hooks', 'profiler', 'logging', 'metrics', 'server', 'router', 'handler', 'client', 'request', 'response', 'batch', 'cache',
  'memory', 'pool', 'buffer', 'tensor', 'module', 'model', 'layer', 'block', 'decoder', 'encoder', 'moe', 'expert', 'gate',
];

/** Verbs commit subjects start with. */
export const SUBJECT_VERBS: readonly string[] = [
  'Add', 'Fix', 'Support', 'Refactor', 'Remove', 'Update', 'Improve', 'Enable', 'Disable', 'Optimize', 'Move', 'Rename', 'Clean up',
  'Implement', 'Use', 'Avoid', 'Handle', 'Guard', 'Skip', 'Bump', 'Revert', 'Document', 'Simplify', 'Speed up', 'Allow', 'Deprecate',
];

/** Objects commit subjects talk about. */
export const SUBJECT_OBJECTS: readonly string[] = [
  'fp8 GEMM path', 'paged attention', 'KV cache eviction', 'CUDA graph capture', 'ROCm build', 'tensor parallel sharding', 'MoE routing',
  'int4 weight packing', 'flaky test', 'CI workflow', 'docs typo', 'memory leak in allocator', 'dynamic shapes', 'export to ONNX',
  'speculative decoding', 'prefix caching', 'FSDP checkpointing', 'pipeline schedule', 'NCCL timeout', 'Triton autotune configs',
  'layer norm kernel', 'rotary embedding', 'tokenizer fast path', 'quantization observer', 'lowering of reduce ops', 'shape inference',
  'Python 3.13 support', 'deprecated API', 'benchmark script', 'README examples', 'type hints', 'error message', 'default dtype',
  'device placement', 'stream synchronization', 'async scheduler', 'tool calling', 'agent memory', 'retry logic', 'logging verbosity',
];

/** A bot identity and what it commits. */
export interface BotSpec {
  /** Key used in plans. */
  readonly key: string;
  /** Author name. */
  readonly name: string;
  /** Author email. */
  readonly email: string;
  /** Commit subjects (a `{}` is replaced by a version or file stem). */
  readonly subjects: readonly string[];
  /** Paths the bot touches (must exist in every tree it commits to). */
  readonly paths: readonly string[];
  /** Whether it adds `Signed-off-by: <self>` (dependabot does). */
  readonly signoff: boolean;
}

/** The public bots; a per-project bot is built by {@link projectBot}. */
export const BOTS: readonly BotSpec[] = [
  {
    key: 'dependabot',
    name: 'dependabot[bot]',
    email: '49699333+dependabot[bot]@users.noreply.github.com',
    subjects: ['Bump actions/checkout from {} to {}', 'Bump the pip group across 1 directory with {} updates', 'Bump urllib3 from {} to {} in /requirements', 'Bump actions/setup-python from {} to {}'],
    paths: ['requirements.txt', '.github/workflows/ci.yml', '.github/workflows/release.yml'],
    signoff: true,
  },
  {
    key: 'github-actions',
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com',
    subjects: ['Update nightly version to {}', '[Automated] Update docs', 'chore: update changelog for {}', 'Sync generated files'],
    paths: ['version.txt', 'CHANGELOG.md', 'docs/index.md'],
    signoff: false,
  },
  {
    key: 'pre-commit-ci',
    name: 'pre-commit-ci[bot]',
    email: '66853113+pre-commit-ci[bot]@users.noreply.github.com',
    subjects: ['[pre-commit.ci] pre-commit autoupdate', '[pre-commit.ci] auto fixes from pre-commit.com hooks'],
    paths: ['.pre-commit-config.yaml'],
    signoff: false,
  },
  {
    key: 'renovate',
    name: 'renovate[bot]',
    email: '29139614+renovate[bot]@users.noreply.github.com',
    subjects: ['chore(deps): update dependency {} to v{}', 'chore(deps): lock file maintenance'],
    paths: ['requirements.txt', 'pyproject.toml'],
    signoff: false,
  },
];

/**
 * A project's own automation account, in one of the shapes real projects use
 * (`<org>-bot <<org>-bot@users.noreply.github.com>`, `<Org> Bot <bot@<org>.dev>`).
 *
 * @param org - organisation name (lower-case)
 * @param shape - 0 or 1, which shape
 */
export function projectBot(org: string, shape: number): BotSpec {
  const id = org.replace(/[^a-z0-9]/g, '');
  const [name, email] = shape === 0
    ? [`${id}bot`, `${id}bot@users.noreply.github.com`]
    : [`${org} CI Bot`, `ci-bot@${id}.dev`];
  return {
    key: 'project',
    name,
    email,
    subjects: ['[Automated] Update third-party pins', 'Sync from internal repository', 'Update submodule pins', 'Regenerate API docs'],
    paths: ['version.txt', 'third_party/pins.txt', 'docs/api.md'],
    signoff: false,
  };
}

/** An AI coding agent's identity as it appears in `Co-authored-by:` trailers. */
export interface AgentSpec {
  /** Trailer identity names; one is chosen per commit. */
  readonly names: readonly string[];
  /** Email. */
  readonly email: string;
  /** First day it appears, ISO date (UTC). */
  readonly from: string;
  /** Relative weight once available. */
  readonly weight: number;
}

/** AI agents seen in `Co-authored-by:` trailers. */
export const AGENTS: readonly AgentSpec[] = [
  { names: ['Claude', 'Claude Sonnet 4', 'Claude Opus 4.5', 'Claude Opus 4.1 (1M context)', 'Claude Sonnet 4.5'], email: 'noreply@anthropic.com', from: '2025-02-24', weight: 50 },
  { names: ['Cursor', 'Cursor Agent'], email: 'cursoragent@cursor.com', from: '2025-05-15', weight: 20 },
  { names: ['Copilot'], email: '175728472+Copilot@users.noreply.github.com', from: '2024-10-29', weight: 18 },
  { names: ['openhands'], email: 'openhands@all-hands.dev', from: '2024-11-01', weight: 5 },
  { names: ['Codex'], email: 'codex@openai.com', from: '2025-05-16', weight: 7 },
];

/** The GitHub Copilot coding agent as a commit author (appears from this date). */
export const COPILOT_AUTHOR = { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com', from: '2025-05-19' } as const;

/** The committer GitHub records for pull requests merged in the web UI. */
export const GITHUB_COMMITTER = { name: 'GitHub', email: 'noreply@github.com' } as const;
