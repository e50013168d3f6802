package gui

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"alama/annotate"
	"alama/app/textview"
)

// linear is an sRGB channel (0–1) made linear, as WCAG 2 computes it.
func linear(c float64) float64 {
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// rgb returns c's channels from 0 to 1, ignoring alpha.
func rgb(c color.Color) (r, g, b float64) {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return float64(n.R) / 255, float64(n.G) / 255, float64(n.B) / 255
}

// over composites c, with its own alpha, over the opaque colour bg.
func over(c, bg color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(n.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: mix(n.R, b.R), G: mix(n.G, b.G), B: mix(n.B, b.B), A: 0xff}
}

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b := rgb(c)
	return 0.2126*linear(r) + 0.7152*linear(g) + 0.0722*linear(b)
}

// contrast is WCAG 2's contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// lab converts an opaque sRGB colour to CIE L*a*b* (D65).
func lab(c color.Color) (l, a, b float64) {
	r, g, bl := rgb(c)
	r, g, bl = linear(r), linear(g), linear(bl)
	x := (0.4124*r + 0.3576*g + 0.1805*bl) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*bl
	z := (0.0193*r + 0.1192*g + 0.9505*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return t*24389/27/116 + 16.0/116
	}
	return 116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))
}

// distance is the CIE 1976 colour difference ΔE*ab: about 2.3 is the least
// difference people notice side by side; 20 and more reads as another
// colour.
func distance(a, b color.Color) float64 {
	l1, a1, b1 := lab(a)
	l2, a2, b2 := lab(b)
	return math.Sqrt((l1-l2)*(l1-l2) + (a1-a2)*(a1-a2) + (b1-b2)*(b1-b2))
}

func TestContrastHelpers(t *testing.T) {
	black, white := color.Black, color.White
	if r := contrast(black, white); math.Abs(r-21) > 0.01 {
		t.Errorf("contrast(black, white) = %.2f, want 21", r)
	}
	// #767676 is the lightest grey that reaches 4.5:1 on white.
	if r := contrast(color.NRGBA{0x76, 0x76, 0x76, 0xff}, white); r < 4.5 || r > 4.6 {
		t.Errorf("contrast(#767676, white) = %.2f, want 4.54", r)
	}
	if d := distance(black, white); math.Abs(d-100) > 0.1 {
		t.Errorf("distance(black, white) = %.1f, want 100", d)
	}
}

// drawnColors returns the colours of the texts the label draws.
func drawnColors(l *textview.Label) []color.Color {
	var out []color.Color
	for _, o := range test.WidgetRenderer(l).Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			out = append(out, t.Color)
		}
	}
	return out
}

// TestSecondaryTextContrast checks the colours the window really draws a
// document's status and span count with, and a search hit's offsets, in
// both themes: at least WCAG AA (4.5:1) on the background, on a selected
// row and on a row under the pointer; the light theme's body text is
// black.
func TestSecondaryTextContrast(t *testing.T) {
	u, _ := newTestUI(t)
	u.showSearch()
	u.search.query.SetText("الحكومة")
	u.search.run()
	if len(u.search.hits) == 0 {
		t.Fatal("no hit to draw")
	}
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			u.setTheme(variant)
			th := u.app.Settings().Theme()
			v := u.app.Settings().ThemeVariant()
			bg := th.Color(theme.ColorNameBackground, v)
			backs := map[string]color.Color{
				"background": bg,
				"selected":   over(th.Color(theme.ColorNameSelection, v), bg),
				"hovered":    over(th.Color(theme.ColorNameHover, v), bg),
			}
			fg := th.Color(theme.ColorNameForeground, v)
			if r := contrast(fg, bg); r < 15 {
				t.Errorf("body text %v on %v: %.2f:1, want full contrast", fg, bg, r)
			}

			row := u.docs.list.CreateItem()
			u.docs.list.UpdateItem(0, row)
			info := row.(*fyne.Container).Objects[1].(*textview.Label)
			hit := u.search.list.CreateItem()
			u.search.list.UpdateItem(0, hit)
			offsets := hit.(*fyne.Container).Objects[1].(*textview.Label)
			for name, l := range map[string]*textview.Label{"status and count": info, "search offsets": offsets} {
				l.Resize(l.MinSize())
				colors := drawnColors(l)
				if len(colors) == 0 {
					t.Fatalf("%s: nothing drawn", name)
				}
				for _, c := range colors {
					for where, back := range backs {
						if r := contrast(c, back); r < 4.5 {
							t.Errorf("%s %v on the %s row %v: %.2f:1, want ≥ 4.5", name, c, where, back, r)
						}
					}
					if r := contrast(c, fg); r < 2 {
						t.Errorf("%s %v is hardly told from body text %v: %.2f:1", name, c, fg, r)
					}
				}
			}
		})
	}
}

// TestSelectionUnlikeLabels checks that the article's selection, drawn
// where a span of any palette colour could be, is another colour than
// every span fill, and that body text on it reaches 4.5:1.
func TestSelectionUnlikeLabels(t *testing.T) {
	s := &annotate.Schema{}
	names := make([]string, 20)
	for i := range names {
		names[i] = fmt.Sprintf("L%d", i)
	}
	s.AddLabels(names)
	s.Labels = append(s.Labels, annotate.DefaultSchema().Labels...)
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := newTheme(&variant)
		bg := th.Color(theme.ColorNameBackground, variant)
		sel := over(textview.ThemeColor(th, textview.ColorNameTextSelection, variant), bg)
		if r := contrast(th.Color(theme.ColorNameForeground, variant), sel); r < 4.5 {
			t.Errorf("variant %d: body text on the selection %v: %.2f:1, want ≥ 4.5", variant, sel, r)
		}
		for _, l := range s.Labels {
			// The view fills a span with its colour at alpha 0x55.
			fill := over(textview.SpanFill(parseColor(l.Color)), bg)
			if d := distance(sel, fill); d < 20 {
				t.Errorf("variant %d: selection %v and %s's fill %v (%s) are %.1f ΔE apart, want ≥ 20", variant, sel, l.Name, fill, l.Color, d)
			}
		}
	}
}
