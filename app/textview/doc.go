// Package textview is Alama's right-to-left annotation text view: a Fyne
// widget that lays out Arabic (and mixed Arabic/Latin) text itself, draws
// annotation spans as rectangles behind the glyphs, and turns pointer and
// keyboard input into selections measured in code points.
//
// The package knows nothing about projects or storage; the application gives
// it a text and a list of spans and listens to its callbacks. The view
// scrolls itself (do not put it in a container.Scroll); give it the focus
// with the window canvas's Focus to use the keyboard. Keys, characters and
// shortcuts the view and its callbacks leave alone go on to the window's
// handlers.
//
// Layout is the geometry underneath, usable without a window: NewLayout
// shapes and wraps a text and answers where an offset is drawn (Point) and
// which offset or grapheme a point hits (Offset, Cell).
//
// Label shows one line of text, such as a title, with the same shaping,
// ordering and faces, right-aligned when the line is right to left and cut
// at its logical end with an ellipsis when it does not fit. Paragraph shows
// a read-only text wrapped to its width, such as a span's text in the
// inspector; its height follows the wrapped lines.
//
// With SetShowLabels, the view draws each span's label as a small tag
// under the span's logical start, in room the layout adds below each line;
// offsets and hit-testing are the same with or without tags. SetLinks
// draws relations as arrows in that room, from one span to another, with
// the relation's name on the arrow; an arrow between lines runs along the
// side margin.
//
// Invariants the package keeps:
//
//   - Every offset it accepts or reports counts Unicode code points, 0-based
//     and end-exclusive, over the text given to SetText.
//   - Every offset it reports (selection, hit-test) sits on a grapheme
//     boundary, so a haraka never leaves its letter.
//   - A selection the user makes without Alt (drag, double click, Shift
//     with the arrows or a click) is whole tokens of Alama's tokenizer
//     (annotate/arabic: words with their clitics, numbers, punctuation
//     marks, Latin words) or empty: it never starts or ends with white
//     space or a line break, nor inside a word or a number, wherever the
//     pointer went. With Alt it goes by grapheme. SetSelection takes a
//     range as it is.
//   - Colours come from the theme: Fyne's, and ColorNameSecondary and
//     ColorNameTextSelection where the theme has them.
//   - Fonts come from the caller: SetFonts gives the Arabic faces (the
//     package embeds none), Fyne's bundled faces cover Latin and emoji.
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
