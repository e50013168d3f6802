package textview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme colours the package asks for beyond Fyne's. A theme that has none
// of them (it returns a transparent colour) gets the Fyne colour named
// beside each (a theme that returns nil, as Fyne's test theme does,
// too).
const (
	// ColorNameSecondary is the colour of secondary text, such as a
	// Label of LowImportance (theme.ColorNamePlaceHolder without it).
	ColorNameSecondary fyne.ThemeColorName = "alamaSecondary"
	// ColorNameTextSelection is the colour behind the view's selection
	// (theme.ColorNameSelection without it). It is drawn over span fills,
	// so it should be told apart from every label colour.
	ColorNameTextSelection fyne.ThemeColorName = "alamaTextSelection"
)

var colorFallback = map[fyne.ThemeColorName]fyne.ThemeColorName{
	ColorNameSecondary:     theme.ColorNamePlaceHolder,
	ColorNameTextSelection: theme.ColorNameSelection,
}

// ThemeColor returns colour n of th in variant v, or its Fyne fallback
// when th has no such colour: the colour the package draws with.
func ThemeColor(th fyne.Theme, n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := th.Color(n, v)
	if f, ok := colorFallback[n]; ok {
		if c == nil {
			return th.Color(f, v)
		}
		if _, _, _, a := c.RGBA(); a == 0 {
			return th.Color(f, v)
		}
	}
	return c
}

// widgetColor is ThemeColor for the theme and variant that draw w.
func widgetColor(n fyne.ThemeColorName, w fyne.Widget) color.Color {
	v := theme.VariantDark
	if a := fyne.CurrentApp(); a != nil {
		v = a.Settings().ThemeVariant()
	}
	return ThemeColor(theme.CurrentForWidget(w), n, v)
}
