/** Function words and question words that carry no topic (shared by index and query). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 在 和 与 或 及 以及 等 对 把 被 这 那 这个 那个 这些 那些 有 没有 我 你 他 她 它 我们 你们 他们 咱们 ' +
    '什么 怎么 怎么办 怎样 怎么样 如何 多少 几 哪 哪些 哪个 哪里 哪儿 吗 呢 啊 吧 呀 嘛 么 哦 啥 咋 咋样 咋办 谁 是否 是不是 ' +
    '就 都 也 还 又 才 再 一个 一下 一些 给 让 跟 从 到 向 由 为 为了 因为 所以 但 但是 而 而且 如果 要是 则 之 其 ' +
    '个 能 能不能 可以 可不可以 会 要 需要 想 得 地 着 过 吧 请问 请 一 下 上 里 中 说 问 知道 告诉 一般 自己 现在 今天 ' +
    '里面 具体 指 算 办 呀 嗯 么 后 前 时 时候 情况 方面 规定 文件 就是 一直 其实 到底 究竟 还是 已经 可能 应该 不是 没 快 忙 了吗 的话 一共 总共 最多 最少 最长 最短 两个 哪两个 我的 ' +
    '大家 希望 之前 之后 以前 以后 别的 一起 打算 怎样 这样 那样 这种 那种 一套 一种 有啥 啥的 咋算 咋办 咋回事 会不会 能不能 是不是 有没有 算不算 行不行 对不对 不会 还能 还有 然后 当时 那些年 好几年 这天 那天 这次 想 说是 听说 据说 自己的 我们的 他们的 人家 东西 事情 事儿 家里 有事 本来 突然 直接 马上 一直 正好 赶上 老被 动不动 上回 先 再说 合法 合理 合规 算数 可以吗 行吗 对吗'
  ).split(/\s+/),
);

/** English words that carry no topic (for the offline English mapping). */
export const EN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the is are was were be been do does did have has had i my me we our you your he she it its they their ' +
    'what which who whom when where why how many much long can could should would will shall may might must to of ' +
    'for in on at by with from as and or not no yes if than then there this that these those out own about into per ' +
    'set get give pay any some all'
  ).split(/\s+/),
);
