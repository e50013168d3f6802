package gui

import (
	"image/color"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/arabic"
	"alama/app/textview"
)

// inLayer reports whether a span or relation by annotator belongs to the
// layer shown. Spans that name no annotator belong to every layer.
func inLayer(annotator, layer string) bool { return annotator == layer || annotator == "" }

// viewSpans turns the spans of one layer of a document, plus those of an
// overlay layer drawn outlined, into what the text view draws.
func viewSpans(d *annotate.Document, s *annotate.Schema, layer, overlay string) []textview.Span {
	out := make([]textview.Span, 0, len(d.Spans))
	for _, sp := range d.Spans {
		mine := inLayer(sp.Annotator, layer)
		if !mine && (overlay == "" || sp.Annotator != overlay) {
			continue
		}
		style := textview.Solid
		if sp.Suggested || !mine {
			style = textview.Suggested
		}
		out = append(out, textview.Span{
			ID: sp.ID, Start: sp.Start, End: sp.End,
			Color: labelColor(s, sp.Label), Label: sp.Label, Style: style,
		})
	}
	return out
}

// labelColor parses a label's #rrggbb colour; unknown labels are grey.
func labelColor(s *annotate.Schema, name string) color.Color {
	l, ok := s.Label(name)
	if !ok {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
	}
	return parseColor(l.Color)
}

func parseColor(hex string) color.Color {
	var c color.NRGBA
	c.A = 0xff
	if len(hex) == 7 && hex[0] == '#' {
		for i, p := range []*uint8{&c.R, &c.G, &c.B} {
			v := 0
			for _, ch := range hex[1+2*i : 3+2*i] {
				v = v*16 + hexDigit(ch)
			}
			*p = uint8(v)
		}
	}
	return c
}

func hexDigit(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 'a' && r <= 'f':
		return int(r-'a') + 10
	case r >= 'A' && r <= 'F':
		return int(r-'A') + 10
	}
	return 0
}

func colorHex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	const digits = "0123456789abcdef"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, v := range []uint8{n.R, n.G, n.B} {
		b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
	}
	return string(b)
}

// onSelect follows the view's selection. Selecting exactly a span's text
// selects that span too.
func (u *ui) onSelect(start, end int) {
	if u.doc == nil {
		return
	}
	if sp, ok := u.doc.Span(u.selected); ok && (sp.Start != start || sp.End != end) && start != end {
		u.selected = 0
		u.refreshDocument()
	}
	if start != end {
		u.setHint(tr("Press a label key to mark the selection."))
	}
}

// onSpanTapped selects a span, or finishes a relation when one is waiting
// for its target.
func (u *ui) onSpanTapped(id uint64) {
	if u.doc == nil {
		return
	}
	if sp, ok := u.doc.Span(id); !ok || !inLayer(sp.Annotator, u.layer) {
		// An overlay span: another annotator's, shown for comparison only.
		if ok {
			u.setHint(tr("{{.Label}} by {{.Annotator}} (read-only overlay)", map[string]any{"Label": sp.Label, "Annotator": sp.Annotator}))
		}
		return
	}
	if u.linkFrom != 0 && u.linkFrom != id {
		from := u.linkFrom
		u.linkFrom = 0
		u.link(from, id)
		return
	}
	u.selectSpan(id)
}

func (u *ui) selectSpan(id uint64) {
	sp, ok := u.doc.Span(id)
	if !ok {
		return
	}
	u.selected = id
	u.view.SetSelection(sp.Start, sp.End)
	u.refreshDocument()
	u.setHint(spanHint(sp))
	u.win.Canvas().Focus(u.view)
}

// spanHint is the hint line for a selected span.
func spanHint(sp annotate.Span) string {
	if sp.Suggested {
		return tr("Suggestion: Enter accepts, Backspace rejects.")
	}
	return tr("{{.Label}}: R links it, Delete removes it, another label key relabels it.", map[string]any{"Label": sp.Label})
}

// onRune handles the single-key commands: label keys, R for a relation,
// ? for the shortcut sheet. It reports whether it used the key.
func (u *ui) onRune(r rune) bool {
	if u.doc == nil {
		return false
	}
	offered := u.propagation
	u.propagation = nil
	if unicode.ToLower(r) == 'p' && len(offered) > 0 {
		u.propagation = offered
		u.propagateNow()
		return true
	}
	for _, l := range u.schema.Labels {
		if l.Key != "" && strings.EqualFold(l.Key, string(r)) {
			u.label(l.Name)
			return true
		}
	}
	switch unicode.ToLower(r) {
	case 'r':
		u.startLink()
		return true
	case '?':
		u.showShortcuts()
		return true
	}
	return false
}

// onKey handles Delete, Escape, and Shift+arrows on a selected span.
func (u *ui) onKey(ev *fyne.KeyEvent) bool {
	if ev.Name == fyne.KeyF10 {
		return u.openMenuBar()
	}
	if u.doc == nil {
		return false
	}
	switch ev.Name {
	case fyne.KeyTab:
		u.stepSpan(modifiers()&fyne.KeyModifierShift == 0)
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if u.linkFrom != 0 && u.selected != 0 && u.selected != u.linkFrom {
			from, to := u.linkFrom, u.selected
			u.linkFrom = 0
			u.link(from, to)
			return true
		}
		if sp, ok := u.doc.Span(u.selected); ok && sp.Suggested {
			u.apply(annotate.Accept{ID: sp.ID})
			u.nextSuggestion()
			return true
		}
	case fyne.KeyDelete, fyne.KeyBackspace:
		if sp, ok := u.doc.Span(u.selected); ok {
			u.deleteSpan(sp.ID)
			if sp.Suggested {
				u.nextSuggestion()
			}
			return true
		}
	case fyne.KeyEscape:
		u.linkFrom = 0
		u.selected = 0
		u.view.SetSelection(0, 0)
		u.refreshDocument()
		u.setHint("")
		return true
	case fyne.KeyF1:
		u.showShortcuts()
		return true
	case fyne.KeyLeft, fyne.KeyRight:
		if u.selected != 0 && modifiers()&fyne.KeyModifierShift != 0 {
			u.resizeSelected(ev.Name, modifiers())
			return true
		}
	}
	return false
}

// modifiers returns the keyboard modifiers held now.
func modifiers() fyne.KeyModifier {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}

// label marks the selection with a label, or relabels the selected span
// when the selection is that span.
func (u *ui) label(name string) {
	start, end := u.view.Selection()
	if sp, ok := u.doc.Span(u.selected); ok && (start == end || start == sp.Start && end == sp.End) {
		if sp.Label != name {
			u.apply(annotate.Relabel{ID: sp.ID, Label: name})
		}
		return
	}
	if start == end {
		u.setHint(tr("Select some text first, then press a label key."))
		return
	}
	before := slices.Clone(u.doc.Spans)
	if !u.apply(annotate.AddSpan{Span: annotate.Span{
		Start: start, End: end, Label: name, Annotator: u.layer, Created: u.now().UTC(),
	}}) {
		return
	}
	// The new span is the one the document did not have before.
	for _, sp := range u.doc.Spans {
		if !slices.ContainsFunc(before, func(b annotate.Span) bool { return b.ID == sp.ID }) {
			u.selectSpan(sp.ID)
			if u.propagate {
				u.offerPropagation(sp)
			}
			break
		}
	}
}

func (u *ui) deleteSpan(id uint64) {
	sp, _ := u.doc.Span(id)
	if u.apply(annotate.DeleteSpan{ID: id}) {
		u.lastDeleted = [2]int{sp.Start, sp.End}
		u.selected = 0
		u.view.SetSelection(0, 0)
		u.refreshDocument()
		u.setHint(tr("Span deleted: Ctrl+Z brings it back."))
	}
}

// resizeSelected moves the selected span's end by one word with Shift and
// its start with Ctrl+Shift; Alt moves by one letter. Left is forward in
// right-to-left text.
func (u *ui) resizeSelected(key fyne.KeyName, mods fyne.KeyModifier) {
	sp, ok := u.doc.Span(u.selected)
	if !ok {
		return
	}
	forward := key == fyne.KeyLeft
	letters := mods&fyne.KeyModifierAlt != 0
	step := func(offset int, end bool) int {
		if letters {
			return letterStep(u.doc.Text, offset, forward)
		}
		return wordStep(u.doc.Text, offset, forward, end)
	}
	start, end := sp.Start, sp.End
	if mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
		start = step(start, false)
	} else {
		end = step(end, true)
	}
	if start >= end {
		return
	}
	if u.apply(annotate.Resize{ID: sp.ID, Start: start, End: end}) {
		u.view.SetSelection(start, end)
	}
}

// letterStep moves offset to the next or previous grapheme boundary.
func letterStep(text string, offset int, forward bool) int {
	b := annotate.Boundaries(text)
	i, found := slices.BinarySearch(b, offset)
	switch {
	case forward && found && i+1 < len(b):
		return b[i+1]
	case forward && !found && i < len(b):
		return b[i]
	case !forward && i > 0:
		return b[i-1]
	}
	return offset
}

// wordStep moves a span's edge by one token of Alama's tokenizer,
// forward or back: a start (end false) from token start to token start, an
// end from token end to token end, so that a resized span keeps whole
// words.
func wordStep(text string, offset int, forward, end bool) int {
	edge := func(t arabic.Token) int {
		if end {
			return t.End
		}
		return t.Start
	}
	toks := arabic.Tokenize(text)
	if forward {
		for _, t := range toks {
			if edge(t) > offset {
				return edge(t)
			}
		}
		return offset
	}
	for i := len(toks) - 1; i >= 0; i-- {
		if edge(toks[i]) < offset {
			return edge(toks[i])
		}
	}
	return offset
}

// stepSpan selects the next (or previous) span of the layer in text order,
// so spans can be chosen without the mouse. While a relation waits for its
// target, the source stays chosen and Enter links to the span stepped to.
func (u *ui) stepSpan(forward bool) {
	var ids []uint64
	for _, sp := range u.doc.Spans {
		if inLayer(sp.Annotator, u.layer) && sp.ID != u.linkFrom {
			ids = append(ids, sp.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	i := slices.Index(ids, u.selected)
	switch {
	case i < 0 && forward:
		i = 0
	case i < 0:
		i = len(ids) - 1
	case forward:
		i = (i + 1) % len(ids)
	default:
		i = (i + len(ids) - 1) % len(ids)
	}
	from := u.linkFrom
	u.selectSpan(ids[i])
	u.linkFrom = from
	sp, _ := u.doc.Span(ids[i])
	u.view.ScrollToOffset(sp.Start)
	if from != 0 {
		u.setHint(tr("Enter links to this {{.Label}}; Tab steps on; Escape cancels.", map[string]any{"Label": sp.Label}))
	}
}

// startLink waits for the target of a relation from the selected span.
func (u *ui) startLink() {
	if u.selected == 0 {
		u.setHint(tr("Select a span first (click it), then press R and click the target span."))
		return
	}
	u.linkFrom = u.selected
	u.setHint(tr("Click the span this one points to, or Tab to it and press Enter (Escape cancels)."))
}

// link creates a relation between two spans, offering only the types the
// schema allows for their labels.
func (u *ui) link(from, to uint64) {
	a, _ := u.doc.Span(from)
	b, _ := u.doc.Span(to)
	types := u.schema.RelationTypesFor(a.Label, b.Label)
	add := func(t string) {
		if u.apply(annotate.AddRelation{Relation: annotate.Relation{
			Type: t, From: from, To: to, Annotator: u.layer, Created: u.now().UTC(),
		}}) {
			u.setHint(tr("Linked {{.From}} to {{.To}} as {{.Type}}.", map[string]any{"From": userText(a.Label), "To": userText(b.Label), "Type": userText(t)}))
		}
	}
	switch len(types) {
	case 0:
		u.setHint(tr("The schema allows no relation from {{.From}} to {{.To}}.", map[string]any{"From": a.Label, "To": b.Label}))
	case 1:
		add(types[0].Name)
	default:
		names := make([]string, len(types))
		for i, t := range types {
			names[i] = t.Name
		}
		choice := widget.NewRadioGroup(names, nil)
		choice.SetSelected(names[0])
		dialog.ShowCustomConfirm(tr("Relation type"), tr("Link"), tr("Cancel"), choice, func(ok bool) {
			if ok && choice.Selected != "" {
				add(choice.Selected)
			}
		}, u.win)
	}
}

// nextSuggestion selects the first suggestion left in the layer, so a run
// of Enter and Backspace presses reviews them all.
func (u *ui) nextSuggestion() {
	for _, sp := range u.doc.Spans {
		if sp.Suggested && inLayer(sp.Annotator, u.layer) {
			u.selectSpan(sp.ID)
			u.view.ScrollToOffset(sp.Start)
			return
		}
	}
	u.setHint(tr("No suggestions left in this document."))
}

// suggestions returns the ids of the suggested spans of the open document
// in the layer shown.
func (u *ui) suggestions() []uint64 {
	if u.doc == nil {
		return nil
	}
	return u.suggestionsOf(u.doc)
}

// suggestionsOf returns the ids of d's suggested spans in the layer shown.
func (u *ui) suggestionsOf(d *annotate.Document) []uint64 {
	var ids []uint64
	for _, sp := range d.Spans {
		if sp.Suggested && inLayer(sp.Annotator, u.layer) {
			ids = append(ids, sp.ID)
		}
	}
	return ids
}

// acceptAll accepts every suggestion in the document in one undoable step.
func (u *ui) acceptAll() {
	var b annotate.Batch
	for _, id := range u.suggestions() {
		b.Edits = append(b.Edits, annotate.Accept{ID: id})
	}
	if len(b.Edits) > 0 && u.apply(b) {
		u.setHint(trN("{{.Count}} suggestions accepted.", len(b.Edits), map[string]any{"Count": len(b.Edits)}))
	}
}

// rejectAll removes every suggestion in the document in one undoable step.
func (u *ui) rejectAll() {
	var b annotate.Batch
	for _, id := range u.suggestions() {
		b.Edits = append(b.Edits, annotate.DeleteSpan{ID: id})
	}
	if len(b.Edits) > 0 && u.apply(b) {
		u.selected = 0
		u.refreshDocument()
		u.setHint(trN("{{.Count}} suggestions rejected.", len(b.Edits), map[string]any{"Count": len(b.Edits)}))
	}
}
