package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// wheelScroll is a vertical scroll of content whose mouse wheel scrolls
// it wherever the pointer is, over an entry too. Fyne hands a wheel event
// to the innermost scrollable under the pointer, and each entry holds one
// of its own, which keeps the event even when it has nothing to scroll; a
// transparent wheelCatcher laid over the content, after it, is innermost
// everywhere and passes the event on. It takes nothing else: taps, drags
// and the pointer's shape still reach the widgets under it.
func wheelScroll(content fyne.CanvasObject) *container.Scroll {
	c := &wheelCatcher{}
	c.ExtendBaseWidget(c)
	s := container.NewVScroll(container.NewStack(content, c))
	c.to = s
	return s
}

// wheelCatcher passes wheel events to the scroll it lies in.
type wheelCatcher struct {
	widget.BaseWidget
	to *container.Scroll
}

// Scrolled is part of fyne.Scrollable.
func (c *wheelCatcher) Scrolled(ev *fyne.ScrollEvent) { c.to.Scrolled(ev) }

// CreateRenderer is part of fyne.Widget.
func (c *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
