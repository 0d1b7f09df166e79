// Loaded before require.js. The widget manager resolves its own files (its icon font) against
// require.js's base URL, which defaults to the page's folder; point it at the book's _static
// folder, where `make vendor` puts them, so widget pages load nothing from elsewhere.
var require = { baseUrl: document.currentScript.src.replace(/[^/]*(\?.*)?$/, "") };
