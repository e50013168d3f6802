package textview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Paragraph shows read-only text wrapped to its width, with the shaping,
// ordering and faces of the View and the Label, where a wrapping
// widget.Label would lay mixed Arabic and Latin text out in typing order.
// Its minimum height is that of the text wrapped at its current width;
// its lines are as far apart as those of a widget.Label, or further when
// the bundled faces need more room for marks above and below. It has no
// selection and takes no input. Each line starts on the side its
// paragraph's direction starts; line breaks in the text start new
// paragraphs.
//
// Create it with NewParagraph; after changing a field, call Refresh.
type Paragraph struct {
	widget.BaseWidget

	// Bold draws the text in the bold faces.
	Bold bool
	// Importance picks the text colour as it does for Label.
	Importance widget.Importance
	// SizeName is the theme size of the text; empty means
	// theme.SizeNameText.
	SizeName fyne.ThemeSizeName
	// Direction is the paragraph direction; Auto takes it from the first
	// strong character of each paragraph.
	Direction Direction

	text string
	lay  *Layout
	key  labelKey // what lay was built from; available is the wrap width
}

// NewParagraph returns a paragraph showing text.
func NewParagraph(text string) *Paragraph {
	p := &Paragraph{text: text}
	p.ExtendBaseWidget(p)
	return p
}

// SetText replaces the text shown.
func (p *Paragraph) SetText(text string) {
	p.text = text
	p.Refresh()
}

// Text returns the text shown, as given to SetText.
func (p *Paragraph) Text() string { return p.text }

// Resize lays the text out again when the width changes, so the minimum
// height follows the number of lines.
func (p *Paragraph) Resize(s fyne.Size) {
	if s == p.Size() {
		return
	}
	w := p.Size().Width
	p.BaseWidget.Resize(s)
	if s.Width != w {
		p.Refresh()
	}
}

// CreateRenderer is part of fyne.Widget.
func (p *Paragraph) CreateRenderer() fyne.WidgetRenderer {
	p.ExtendBaseWidget(p)
	return &paragraphRenderer{p: p}
}

func (p *Paragraph) textSize() float32 { return sizeOf(p, p.SizeName) }

func (p *Paragraph) padding() float32 {
	return theme.SizeForWidget(theme.SizeNameInnerPadding, p)
}

// layout returns the text laid out at the paragraph's width; before the
// paragraph has a width, each paragraph of the text on one line.
func (p *Paragraph) layout(size float32) *Layout {
	w := p.Size().Width - 2*p.padding()
	key := labelKey{text: p.text, size: size, bold: p.Bold, dir: p.Direction, available: max(w, 0)}
	if p.lay == nil || p.key != key {
		o := Options{Size: size, Dir: p.Direction, Bold: p.Bold}
		p.lay = newLayout(p.text, key.available, o, w <= 0)
		p.key = key
	}
	return p.lay
}

// pitch returns the distance between the tops of two lines: a
// widget.Label's line, or the text's when its faces need more room.
func pitch(lay *Layout, fl lineBox) float32 {
	return max(fl.height, lay.baseline+lay.descent)
}

type paragraphRenderer struct {
	p *Paragraph
	linePainter
}

func (r *paragraphRenderer) Destroy() {}

// MinSize is as high as the wrapped lines and as wide as the padding and
// one em.
func (r *paragraphRenderer) MinSize() fyne.Size {
	p := r.p
	size, pad := p.textSize(), p.padding()
	lay := p.layout(size)
	return fyne.NewSize(size+2*pad, float32(len(lay.lines))*pitch(lay, fyneLine(size, p.Bold))+2*pad)
}

func (r *paragraphRenderer) Layout(fyne.Size) { r.Refresh() }

// Refresh lays the text out for the paragraph's width and places the
// pieces of its lines.
func (r *paragraphRenderer) Refresh() {
	p := r.p
	defer r.end()
	r.begin()
	if p.Size().Width <= 0 || p.text == "" {
		return
	}
	size, pad := p.textSize(), p.padding()
	lay := p.layout(size)
	fl := fyneLine(size, p.Bold)
	step := pitch(lay, fl)
	c := widgetColor(importanceColor(p.Importance), p)
	for i := range lay.lines {
		ln := &lay.lines[i]
		top := pad + float32(i)*step + (step-fl.height)/2
		r.draw(lay, ln, pad, top+fl.baseline(ln.rtl), c)
	}
}
