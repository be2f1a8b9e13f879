// Headings pasted from Word (or a web page) become the heading levels the field offers.
//
// Draft.js reads a pasted <h1> as a "header-one" block; Draftail then turns every block type
// the field does not offer into a plain paragraph, so a document's headings were lost. This
// plugin runs before that filter and moves each heading to an offered level: one above the
// highest offered level becomes the highest (h1 → h3 where h3 is the top), one between or below
// becomes the nearest offered level above it (h5 → h4). A field without headings is left to the
// filter. The offered levels come from the field's features (home.sanitise).
(() => {
  const LEVELS = [
    "header-one",
    "header-two",
    "header-three",
    "header-four",
    "header-five",
    "header-six",
  ];

  function offeredLevel(type, offered) {
    const level = LEVELS.indexOf(type);
    if (level < 0 || offered.includes(type)) return type;
    const levels = offered.map((name) => LEVELS.indexOf(name)).filter((l) => l >= 0);
    if (!levels.length) return type;
    levels.sort((a, b) => a - b);
    const above = levels.filter((l) => l <= level);
    return LEVELS[above.length ? above[above.length - 1] : levels[0]];
  }

  if (!window.draftail) return;
  window.draftail.registerPlugin(
    {
      type: "paste-headings",
      onChange(editorState) {
        if (editorState.getLastChangeType() !== "insert-fragment") return editorState;
        const offered = this.headings || [];
        const content = editorState.getCurrentContent();
        let changed = false;
        const blockMap = content.getBlockMap().map((block) => {
          const type = offeredLevel(block.getType(), offered);
          if (type === block.getType()) return block;
          changed = true;
          return block.set("type", type);
        });
        if (!changed) return editorState;
        // Draft.js's EditorState, which Wagtail does not expose by name.
        const EditorState = editorState.constructor;
        return EditorState.set(editorState, {
          currentContent: content.set("blockMap", blockMap),
        });
      },
    },
    "plugins",
  );
})();
