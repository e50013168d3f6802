package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"alama/app/textview"
	"alama/assets"
)

var (
	arabicRegular = fyne.NewStaticResource("NotoSansArabic-Regular.ttf", assets.ArabicRegular)
	arabicBold    = fyne.NewStaticResource("NotoSansArabic-Bold.ttf", assets.ArabicBold)
)

// alamaFonts are the faces textview draws Arabic with: the theme's own
// resources, so Fyne's font cache, keyed by resource, parses each once.
var alamaFonts = textview.Fonts{Regular: arabicRegular, Bold: arabicBold}

// alamaTheme is Fyne's default theme with the bundled Arabic font as the
// text face, so Arabic titles and labels read correctly on machines with no
// Arabic system font. Latin letters fall back to Fyne's own font.
type alamaTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil follows the system
}

func newTheme(variant *fyne.ThemeVariant) fyne.Theme {
	return &alamaTheme{Theme: theme.DefaultTheme(), variant: variant}
}

func (t *alamaTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	return t.Theme.Color(n, v)
}

func (t *alamaTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	if s.Bold {
		return arabicBold
	}
	return arabicRegular
}
