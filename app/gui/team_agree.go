package gui

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"alama/annotate/agree"
	"alama/app"
	"alama/app/textview"
)

// metric is one agreement figure of a pair of annotators.
type metric struct {
	name  string
	value func(agree.Pair) agree.Score
}

func agreementMetrics() []metric {
	return []metric{
		{tr("Exact span F1"), func(p agree.Pair) agree.Score { return p.Exact.F1 }},
		{tr("Overlap span F1"), func(p agree.Pair) agree.Score { return p.Overlap.F1 }},
		{tr("Cohen's kappa (tokens)"), func(p agree.Pair) agree.Score { return p.Kappa.Kappa }},
		{tr("Krippendorff's alpha (tokens)"), func(p agree.Pair) agree.Score { return p.Alpha.Alpha }},
	}
}

// fewLayersError says that a project has too few layers to compare.
type fewLayersError struct{ layers int }

func (e fewLayersError) Error() string {
	return fmt.Sprintf("agreement needs the layers of two annotators; the project has %d", e.layers)
}

// agreementReport compares every layer of the project but gold.
func (u *ui) agreementReport() (*agree.Report, error) {
	s, err := u.survey()
	if err != nil {
		return nil, err
	}
	names := s.Compared()
	if len(names) < 2 {
		return nil, fewLayersError{len(names)}
	}
	return app.Agreement(u.project, names, s.Labels, "")
}

// showAgreement computes the agreement in the background and opens its
// window.
func (u *ui) showAgreement() {
	var r *agree.Report
	u.inBackground(tr("Comparing layers"), func() (err error) {
		r, err = u.agreementReport()
		return err
	}, func(err error) {
		var few fewLayersError
		switch {
		case errors.As(err, &few):
			dialog.ShowInformation(tr("Agreement"), tr("Agreement needs the layers of two annotators; this project has {{.Count}}. Add a colleague's work first (Team menu).", map[string]any{"Count": few.layers}), u.win)
		case r == nil:
			u.showError(err)
		default:
			u.newAgreementWindow(r).win.Show()
			if err != nil { // documents left out
				u.showError(err)
			}
		}
	})
}

// agreementWindow shows a Report: the pairwise matrix coloured by the
// chosen metric, and the documents sorted by disagreement.
type agreementWindow struct {
	u       *ui
	rep     *agree.Report
	metrics []metric
	metric  int
	pair    *agree.Pair // the pair chosen in the matrix; nil for the worst pair of each document
	matrix  *fyne.Container
	rows    []docAgreement
	list    *widget.List
	caption *widget.Label
	// pairLabel names the pair chosen.
	pairLabel *textview.Label
	win       fyne.Window
}

// nameLabel returns a bold label for an annotator's name heading a row or
// column of the matrix, as wide as the name.
func nameLabel() *textview.Label {
	l := textview.NewLabel("")
	l.Bold = true
	l.Truncation = fyne.TextTruncateOff
	return l
}

// docAgreement is one row of the document list.
type docAgreement struct {
	id    uint64
	title string
	a, b  string
	value agree.Score
}

func (u *ui) newAgreementWindow(r *agree.Report) *agreementWindow {
	w := &agreementWindow{u: u, rep: r, metrics: agreementMetrics()}
	names := make([]string, len(w.metrics))
	for i, m := range w.metrics {
		names[i] = m.name
	}
	choice := widget.NewSelect(names, nil)
	choice.SetSelectedIndex(0)
	choice.OnChanged = func(string) {
		w.metric = choice.SelectedIndex()
		w.refresh()
	}
	summary := facts([][2]string{
		{tr("Documents compared"), strconv.Itoa(r.Documents)},
		{tr("Tokens compared"), strconv.Itoa(r.Tokens)},
		{tr("Krippendorff's alpha of all annotators"), r.Alpha.Alpha.String()},
	})
	w.matrix = container.NewGridWithColumns(len(r.Annotators) + 1)
	w.caption = widget.NewLabel("")
	w.pairLabel = textview.NewLabel("")
	w.pairLabel.Bold = true
	w.pairLabel.Truncation = fyne.TextTruncateOff
	all := widget.NewButton(tr("All pairs"), func() {
		w.pair = nil
		w.refresh()
	})
	w.list = widget.NewList(
		func() int { return len(w.rows) },
		func() fyne.CanvasObject {
			title := textview.NewLabel("")
			info := messageLabel()
			info.Importance = widget.LowImportance
			info.Truncation = fyne.TextTruncateOff
			return container.NewBorder(nil, nil, info, nil, title)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := w.rows[i]
			row := o.(*fyne.Container)
			setRight(row.Objects[0].(*textview.Label), d.title)
			row.Objects[1].(*textview.Label).SetText(fmt.Sprintf("%s   %s – %s   #%d", d.value, userText(d.a), userText(d.b), d.id))
		})
	w.list.OnSelected = func(i widget.ListItemID) {
		d := w.rows[i]
		u.showPair(d.id, d.a, d.b)
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(tr("Metric")), nil, choice),
		summary,
		container.NewCenter(w.matrix),
		widget.NewLabel(tr("Click a cell to list that pair's documents.")),
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, all, container.NewHBox(w.caption, w.pairLabel)))
	w.win = u.app.NewWindow(tr("Agreement"))
	u.secondary(w.win)
	w.win.SetContent(container.NewBorder(top, nil, nil, nil, w.list))
	w.win.Resize(fyne.NewSize(720, 680))
	w.refresh()
	return w
}

// refresh redraws the matrix and the document list for the metric and
// pair chosen.
func (w *agreementWindow) refresh() {
	m := w.metrics[w.metric]
	names := w.rep.Annotators
	byPair := map[[2]string]agree.Pair{}
	for _, p := range w.rep.Pairs {
		byPair[[2]string{p.A, p.B}] = p
		byPair[[2]string{p.B, p.A}] = p
	}
	w.matrix.Objects = w.matrix.Objects[:0]
	w.matrix.Add(widget.NewLabel(""))
	for _, n := range names {
		head := nameLabel()
		head.Alignment = fyne.TextAlignCenter
		head.SetText(n)
		w.matrix.Add(head)
	}
	for _, a := range names {
		head := nameLabel()
		setRight(head, a)
		w.matrix.Add(head)
		for _, b := range names {
			if a == b {
				w.matrix.Add(newScoreCell("—", diagonalColor, nil))
				continue
			}
			p := byPair[[2]string{a, b}]
			v := m.value(p)
			w.matrix.Add(newScoreCell(v.String(), scoreColor(v), func() {
				w.pair = &p
				w.refresh()
			}))
		}
	}
	w.matrix.Refresh()

	w.rows = w.rows[:0]
	for _, d := range w.rep.PerDoc {
		row := docAgreement{id: d.ID, title: d.Title, value: agree.Undefined}
		for _, p := range d.Pairs {
			if w.pair != nil && !samePair(p, *w.pair) {
				continue
			}
			if v := m.value(p); row.a == "" || less(v, row.value) {
				row.a, row.b, row.value = p.A, p.B, v
			}
		}
		if row.a != "" {
			w.rows = append(w.rows, row)
		}
	}
	slices.SortStableFunc(w.rows, func(x, y docAgreement) int {
		switch {
		case less(x.value, y.value):
			return -1
		case less(y.value, x.value):
			return 1
		}
		return 0
	})
	// The caption, translated, and the names apart, in a label that
	// orders them whatever their scripts.
	if w.pair != nil {
		w.caption.SetText(tr("Documents of one pair, least agreement first:"))
		w.pairLabel.SetText(w.pair.A + " – " + w.pair.B)
	} else {
		w.caption.SetText(tr("Documents, least agreement first, by the pair that agrees least in each."))
		w.pairLabel.SetText("")
	}
	w.list.UnselectAll()
	w.list.Refresh()
}

func samePair(p, q agree.Pair) bool {
	return p.A == q.A && p.B == q.B || p.A == q.B && p.B == q.A
}

// less orders scores for "least agreement first": undefined ones last.
func less(x, y agree.Score) bool {
	switch {
	case x.Defined() && y.Defined():
		return x < y
	case x.Defined():
		return true
	}
	return false
}

var (
	diagonalColor  = color.NRGBA{R: 0xe0, G: 0xe0, B: 0xe0, A: 0xff}
	undefinedColor = color.NRGBA{R: 0xbd, G: 0xbd, B: 0xbd, A: 0xff}
	// The scale from no agreement (and below) through half to full.
	scaleLow  = color.NRGBA{R: 0xe5, G: 0x73, B: 0x73, A: 0xff}
	scaleMid  = color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff}
	scaleHigh = color.NRGBA{R: 0x66, G: 0xbb, B: 0x6a, A: 0xff}
)

// scoreColor maps a score to the colour scale: red at 0 and below, amber
// at 0.5, green at 1; grey when undefined.
func scoreColor(s agree.Score) color.NRGBA {
	if !s.Defined() {
		return undefinedColor
	}
	v := min(max(float64(s), 0), 1)
	from, to, t := scaleLow, scaleMid, v*2
	if v > 0.5 {
		from, to, t = scaleMid, scaleHigh, (v-0.5)*2
	}
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t + 0.5) }
	return color.NRGBA{R: mix(from.R, to.R), G: mix(from.G, to.G), B: mix(from.B, to.B), A: 0xff}
}

// scoreCell is one coloured cell of the matrix, with its value written in
// it; tapping it calls onTap.
type scoreCell struct {
	widget.BaseWidget
	text  string
	fill  color.Color
	onTap func()
}

func newScoreCell(text string, fill color.Color, onTap func()) *scoreCell {
	c := &scoreCell{text: text, fill: fill, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *scoreCell) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(c.fill)
	bg.SetMinSize(fyne.NewSize(84, 40))
	bg.CornerRadius = 3
	txt := canvas.NewText(c.text, color.Black)
	txt.Alignment = fyne.TextAlignCenter
	txt.TextStyle = fyne.TextStyle{Monospace: true}
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewCenter(txt)))
}

// Tapped chooses the cell's pair.
func (c *scoreCell) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}
