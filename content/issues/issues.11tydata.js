// Site wiring (owned by the site code, not an issue narrative): the files of
// an issue folder are sections of one page, /issues/<yyyy>-q<n>/, assembled
// by templates/layouts/issue.njk from their rendered content. None of them is
// written as a page of its own.
export default {
  permalink: false,
};
