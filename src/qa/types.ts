/** One retrievable unit of a document, with its place in the document. */
export interface Passage {
  /** File name without extension. */
  doc: string;
  /** Document title. */
  title: string;
  /** Where the passage stands: 第四十三条, 三、(一), 附件二 四、5, 五（成立组织机构）, 开篇. */
  locator: string;
  /** Section headings above the passage (chapter, section, numbered heading). */
  heading: string;
  /** Passage text in display form (NFKC, names de-spaced). */
  text: string;
  /** How people ask about it (expansions.ts), one question a line: indexed, never shown. */
  asks?: string;
}

export interface DocInfo {
  doc: string;
  title: string;
  file: string;
  passages: number;
  loadedAt: string;
}
