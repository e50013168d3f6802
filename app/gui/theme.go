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

// Colours Alama sets in place of Fyne's, for each variant:
//   - body text is black in the light theme, where Fyne's is grey;
//   - secondary text (a document's status and span count, search offsets)
//     reaches WCAG AA (4.5:1) on the background and on a selected row,
//     where Fyne's greyed text does not reach 2:1;
//   - the article's selection is opaque and far from every palette colour
//     a label gets (Fyne's blue is next to CLAIM's), with body text on it
//     above 4.5:1;
//   - body text is a menuSafe colour, so menus draw shortcuts legibly.
var (
	lightColors = map[fyne.ThemeColorName]color.Color{
		theme.ColorNameForeground:       menuSafe{color.NRGBA{A: 0xff}},
		textview.ColorNameSecondary:     color.NRGBA{R: 0x59, G: 0x59, B: 0x59, A: 0xff},
		textview.ColorNameTextSelection: color.NRGBA{R: 0x58, G: 0xa4, B: 0xb4, A: 0xff},
	}
	darkColors = map[fyne.ThemeColorName]color.Color{
		theme.ColorNameForeground:       menuSafe{color.NRGBA{R: 0xf3, G: 0xf3, B: 0xf3, A: 0xff}},
		textview.ColorNameSecondary:     color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff},
		textview.ColorNameTextSelection: color.NRGBA{R: 0x10, G: 0x6c, B: 0xa4, A: 0xff},
	}
)

// menuSafe is an opaque colour whose 16-bit alpha is 0xffc9 (99.9%): 8-bit
// and floating-point uses, the drawing of text among them, see it opaque.
// Fyne 2.7's menu draws a shortcut in the foreground colour with 95% of its
// alpha but keeps only the low byte of the 16-bit result: from an alpha of
// 0xffff that is 0x32, a shortcut hardly seen (under 2:1); from 0xffc9 it
// is 0xfe.
type menuSafe struct{ color.NRGBA }

// menuSafeAlpha is the 16-bit alpha of a menuSafe colour.
const menuSafeAlpha = 0xffc9

// RGBA implements color.Color.
func (c menuSafe) RGBA() (r, g, b, a uint32) {
	r, g, b, _ = c.NRGBA.RGBA()
	return r * menuSafeAlpha / 0xffff, g * menuSafeAlpha / 0xffff, b * menuSafeAlpha / 0xffff, menuSafeAlpha
}

func (t *alamaTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	own := darkColors
	if v == theme.VariantLight {
		own = lightColors
	}
	if c, ok := own[n]; ok {
		return c
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
