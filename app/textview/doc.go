// Package textview is Alama's right-to-left annotation text view: a Fyne
// widget that lays out Arabic (and mixed Arabic/Latin) text itself, draws
// annotation spans as rectangles behind the glyphs, and turns pointer and
// keyboard input into selections measured in code points.
//
// The package knows nothing about projects or storage; the application gives
// it a text and a list of spans and listens to its callbacks.
//
// Invariants the package keeps:
//
//   - Every offset it accepts or reports counts Unicode code points, 0-based
//     and end-exclusive, over the text given to SetText.
//   - Every offset it reports (selection, hit-test) sits on a grapheme
//     boundary, so a haraka never leaves its letter.
//   - Text is measured and drawn with the same font face: each drawn piece
//     is a canvas.Text whose FontSource is the face it was shaped with, and
//     each piece is a single shaping run, so the painter reproduces the
//     measured advances exactly.
//   - A piece never holds whitespace and never ends at a span edge: spans,
//     the selection and the caret are rectangles behind or over the text, so
//     highlighting one letter of a word keeps the word joined.
//   - The layout is computed once per text, width and size, and only the
//     lines in view get canvas objects.
package textview
