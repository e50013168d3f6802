package gui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/agree"
	"alama/app/textview"
)

// curation decides, span by span, what goes into the gold layer of one
// document: what the annotators agree on in one step, each disagreement
// with one key. The main window shows the gold layer meanwhile, with the
// layer of an annotator who has the span chosen as the overlay.
type curation struct {
	u        *ui
	docID    uint64
	cands    []agree.Candidate // the disagreements, in span order
	rejected map[candidateKey]bool
	agreed   int // agreed spans gold lacks
	cur      int // the disagreement chosen, -1 for none
	list     *curationList
	auto     *widget.Button
	status   *textview.Label // what the chosen disagreement is
	text     *textview.Label // its text, in the direction of its own script
	win      fyne.Window
	before   [2]string // the layer and overlay shown before
}

type candidateKey struct {
	start, end int
	label      string
}

func keyOfCandidate(c agree.Candidate) candidateKey { return candidateKey{c.Start, c.End, c.Label} }

// showCuration opens the curation of the open document.
func (u *ui) showCuration() {
	if u.doc == nil {
		u.setHint(tr("Open a document to curate first."))
		return
	}
	c := u.newCuration()
	c.win.Show()
	c.win.Canvas().Focus(c.list)
}

func (u *ui) newCuration() *curation {
	c := &curation{u: u, docID: u.doc.ID, rejected: map[candidateKey]bool{}, cur: -1, before: [2]string{u.layer, u.overlay}}
	c.status = messageLabel()
	c.text = textview.NewLabel("")
	c.text.Bold = true
	c.auto = widget.NewButton("", c.acceptAgreed)
	c.list = newCurationList(c)
	keys := widget.NewLabel(tr("A or Enter accepts the span into gold, R or Backspace rejects it; ↑ ↓ move."))
	title := textview.NewLabel("")
	title.Bold = true
	setRight(title, u.doc.Title)
	c.win = u.app.NewWindow(tr("Curate"))
	u.secondary(c.win)
	c.win.SetContent(container.NewBorder(
		container.NewVBox(title, c.auto, keys, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), c.text, c.status), nil, nil, c.list))
	c.win.Resize(fyne.NewSize(640, 560))
	c.win.SetOnClosed(func() { u.showLayers(c.before[0], c.before[1]) })
	c.reload()
	u.showLayers(agree.Gold, "")
	if next := c.nextOpen(-1); next >= 0 {
		c.list.Select(next)
	} else {
		c.status.SetText(tr("No disagreements left in this document."))
	}
	return c
}

// doc returns the document curated, opening it in the main window if
// another one is shown there.
func (c *curation) doc() *annotate.Document {
	if c.u.doc == nil || c.u.doc.ID != c.docID {
		c.u.showDocument(c.docID)
		c.u.showLayers(agree.Gold, "")
	}
	return c.u.doc
}

// annotators returns the layers of d compared: every one but gold.
func annotators(d *annotate.Document) []string {
	var out []string
	for _, n := range agree.Annotators(d) {
		if n != agree.Gold {
			out = append(out, n)
		}
	}
	return out
}

// reload recomputes the disagreements and the agreed spans gold lacks.
func (c *curation) reload() {
	d := c.doc()
	if d == nil {
		return
	}
	names := annotators(d)
	c.cands = agree.Disagreements(d, names)
	c.agreed = 0
	for _, a := range agree.Agreed(d, names, 0) {
		if !a.InGold {
			c.agreed++
		}
	}
	if c.agreed == 0 {
		c.auto.SetText(tr("Every span the annotators agree on is in gold"))
		c.auto.Disable()
	} else {
		c.auto.SetText(trN("Accept the {{.Count}} spans every annotator agrees on", c.agreed, map[string]any{"Count": c.agreed}))
		c.auto.Enable()
	}
	c.list.Refresh()
}

// acceptAgreed copies every agreed span (and the relations agreed between
// them) into gold, as one undoable edit.
func (c *curation) acceptAgreed() {
	d := c.doc()
	if d == nil {
		return
	}
	e, spans, rels := agree.AutoCurate(d, annotators(d), 0)
	if e == nil || !c.u.apply(e) {
		return
	}
	c.status.SetText(tr("{{.Spans}} and {{.Relations}} copied into gold; Ctrl+Z in the main window undoes it.", map[string]any{
		"Spans": counted("{{.Count}} spans", spans), "Relations": counted("{{.Count}} relations", rels)}))
	c.reload()
}

// state names what became of a disagreement.
func (c *curation) state(k agree.Candidate) string {
	switch {
	case k.InGold:
		return "✓ " + tr("in gold")
	case c.rejected[keyOfCandidate(k)]:
		return "✗ " + tr("rejected")
	}
	return ""
}

// show shows disagreement i in the main window: selected, with the layer
// of an annotator who has it as the overlay.
func (c *curation) show(i int) {
	if i < 0 || i >= len(c.cands) || c.doc() == nil {
		return
	}
	c.cur = i
	k := c.cands[i]
	c.u.showLayers(agree.Gold, k.Have[0])
	c.u.view.SetSelection(k.Start, k.End)
	c.u.view.ScrollToOffset(k.Start)
	setRight(c.text, k.Text)
	c.status.SetText(tr("{{.Label}}: marked by {{.Have}}, not by {{.Lack}}.",
		map[string]any{"Label": userText(k.Label), "Have": userList(k.Have), "Lack": userList(k.Lack)}))
}

// accept copies the chosen disagreement into gold.
func (c *curation) accept() {
	if c.cur < 0 || c.cur >= len(c.cands) || c.doc() == nil {
		return
	}
	k := c.cands[c.cur]
	delete(c.rejected, keyOfCandidate(k))
	if !k.InGold {
		e, err := agree.Accept(c.u.doc, k)
		if err != nil && !errors.Is(err, annotate.ErrDuplicate) {
			c.u.showError(err)
			return
		}
		if err == nil && !c.u.apply(e) {
			return
		}
	}
	c.reload()
	c.advance()
}

// reject keeps the chosen disagreement out of gold, taking it out if it
// was accepted before.
func (c *curation) reject() {
	if c.cur < 0 || c.cur >= len(c.cands) || c.doc() == nil {
		return
	}
	k := c.cands[c.cur]
	if e, ok := agree.Reject(c.u.doc, k); ok && !c.u.apply(e) {
		return
	}
	c.rejected[keyOfCandidate(k)] = true
	c.reload()
	c.advance()
}

// advance chooses the next disagreement not decided yet.
func (c *curation) advance() {
	if next := c.nextOpen(c.cur); next >= 0 {
		c.list.Select(next)
		return
	}
	c.list.Refresh()
	c.text.SetText("")
	c.status.SetText(tr("No disagreements left in this document."))
}

// nextOpen returns the first undecided disagreement after i, wrapping
// around, or -1.
func (c *curation) nextOpen(i int) int {
	for n := 1; n <= len(c.cands); n++ {
		j := (i + n + len(c.cands)) % len(c.cands)
		if c.state(c.cands[j]) == "" {
			return j
		}
	}
	return -1
}

// curationList is the list of disagreements, which takes the accept and
// reject keys.
type curationList struct {
	widget.List
	c *curation
}

func newCurationList(c *curation) *curationList {
	l := &curationList{c: c}
	l.Length = func() int { return len(c.cands) }
	l.CreateItem = func() fyne.CanvasObject {
		text := textview.NewLabel("")
		// The state apart, in a Fyne label: no bundled face has ✓ or ✗.
		state := widget.NewLabel("")
		state.Importance = widget.LowImportance
		info := messageLabel()
		info.Importance = widget.LowImportance
		info.Truncation = fyne.TextTruncateOff
		return container.NewBorder(nil, nil, container.NewHBox(state, info), nil, text)
	}
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= len(c.cands) {
			return
		}
		k := c.cands[i]
		row := o.(*fyne.Container)
		setRight(row.Objects[0].(*textview.Label), k.Text)
		side := row.Objects[1].(*fyne.Container).Objects
		state := side[0].(*widget.Label)
		state.SetText(c.state(k))
		state.Hidden = state.Text == ""
		side[1].(*textview.Label).SetText(userText(k.Label) + " · " + tr("by {{.Have}}", map[string]any{"Have": userList(k.Have)}))
		row.Refresh()
	}
	l.OnSelected = c.show
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey accepts with Enter, rejects with Backspace or Delete, and
// moves with the arrows.
func (l *curationList) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.c.accept()
	case fyne.KeyBackspace, fyne.KeyDelete:
		l.c.reject()
	case fyne.KeyDown:
		if l.c.cur+1 < len(l.c.cands) {
			l.Select(l.c.cur + 1)
		}
	case fyne.KeyUp:
		if l.c.cur > 0 {
			l.Select(l.c.cur - 1)
		}
	default:
		l.List.TypedKey(ev)
	}
}

// TypedRune accepts with A and rejects with R, also where an Arabic
// keyboard has them (ش and ق).
func (l *curationList) TypedRune(r rune) {
	switch r {
	case 'a', 'A', 'ش':
		l.c.accept()
	case 'r', 'R', 'ق':
		l.c.reject()
	}
}
