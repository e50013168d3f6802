package gui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// menuItem finds the item labelled text in the main menu, at any depth.
func menuItem(t *testing.T, u *ui, text string) *fyne.MenuItem {
	t.Helper()
	var find func(items []*fyne.MenuItem) *fyne.MenuItem
	find = func(items []*fyne.MenuItem) *fyne.MenuItem {
		for _, it := range items {
			if it.Label == text {
				return it
			}
			if it.ChildMenu != nil {
				if f := find(it.ChildMenu.Items); f != nil {
					return f
				}
			}
		}
		return nil
	}
	for _, m := range u.win.MainMenu().Items {
		if it := find(m.Items); it != nil {
			return it
		}
	}
	t.Fatalf("no menu item %q", text)
	return nil
}

func TestChoiceMenusCheckTheChoiceInForce(t *testing.T) {
	u, _ := newTestUI(t)
	checked := func(menu string) []string {
		var on []string
		for _, it := range menuItem(t, u, menu).ChildMenu.Items {
			if it.Checked {
				on = append(on, it.Label)
			}
		}
		return on
	}
	for _, step := range []struct {
		menu, choose string
	}{
		{"Theme", ""}, // the fallback is checked before any choice
		{"Theme", "Dark"},
		{"Theme", "Light"},
		{"Theme", "System"},
		{"Language", ""},
		{"Language", "العربية"},
		{"Language", "English"},
	} {
		want := step.choose
		if want == "" {
			want = map[string]string{"Theme": "System", "Language": "System language"}[step.menu]
		} else {
			menuItem(t, u, step.choose).Action()
		}
		if on := checked(step.menu); len(on) != 1 || on[0] != want {
			t.Errorf("%s after choosing %q: checked %q, want only %q", step.menu, step.choose, on, want)
		}
	}
	if got := u.app.Preferences().String(prefTheme); got != "system" {
		t.Errorf("theme preference = %q", got)
	}
}

// inkRows draws s alone as a menu draws a shortcut's key, in the
// window's theme, and returns the first and last rows holding ink.
func inkRows(t *testing.T, s string) (top, bottom int) {
	t.Helper()
	text := canvas.NewText(s, color.White)
	text.TextSize = 40
	w := test.NewWindow(container.NewWithoutLayout(text))
	defer w.Close()
	text.Resize(text.MinSize())
	w.Resize(text.MinSize().AddWidthHeight(20, 20))
	img := w.Canvas().Capture()
	bg := color.NRGBAModel.Convert(img.At(0, 0)).(color.NRGBA)
	top, bottom = -1, -1
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA); max(c.R, c.G, c.B)-max(bg.R, bg.G, bg.B) > 80 {
				if top < 0 {
					top = y
				}
				bottom = y
				break
			}
		}
	}
	if top < 0 {
		t.Fatalf("%q draws no ink", s)
	}
	return top, bottom
}

// TestMenuShortcutKeysReadRight checks that the key of every menu
// shortcut, drawn alone as a menu draws it, sits at the height of the
// "+" before it: the Arabic face draws a lone "-" at the baseline, as
// "_", and zoom out showed "Ctrl+_"; that the key text shown is the
// minus sign; and that the shortcut still answers to Ctrl+-.
func TestMenuShortcutKeysReadRight(t *testing.T) {
	u, _ := newTestUI(t)
	plusTop, plusBottom := inkRows(t, "+")
	var keys int
	var walk func(items []*fyne.MenuItem)
	walk = func(items []*fyne.MenuItem) {
		for _, it := range items {
			if it.ChildMenu != nil {
				walk(it.ChildMenu.Items)
			}
			s, ok := it.Shortcut.(fyne.KeyboardShortcut)
			if !ok {
				continue
			}
			keys++
			top, bottom := inkRows(t, string(s.Key()))
			if mid := (top + bottom) / 2; mid < plusTop || mid > plusBottom {
				t.Errorf("%s: key %q drawn in rows %d–%d, off the rows %d–%d of the \"+\" before it", it.Label, s.Key(), top, bottom, plusTop, plusBottom)
			}
		}
	}
	for _, m := range u.win.MainMenu().Items {
		walk(m.Items)
	}
	if keys < 5 {
		t.Fatalf("found %d menu shortcuts", keys)
	}
	zoomOut := menuItem(t, u, "Zoom out")
	if k := zoomOut.Shortcut.(fyne.KeyboardShortcut).Key(); k != "−" {
		t.Errorf("zoom out shows key %q", k)
	}
	if got := shortcutText(zoomOut.Shortcut); got != "Ctrl+-" {
		t.Errorf("the window's own menu bar shows zoom out as %q, want Ctrl+-", got)
	}
	ctrlMinus := &desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: fyne.KeyModifierShortcutDefault}
	if zoomOut.Shortcut.ShortcutName() != ctrlMinus.ShortcutName() {
		t.Errorf("zoom out answers to %q, not Ctrl+-", zoomOut.Shortcut.ShortcutName())
	}
}

// TestMenuShortcutContrast checks the colour Fyne's menu really draws a
// shortcut's text with, over the menu's background, in both themes.
func TestMenuShortcutContrast(t *testing.T) {
	a := test.NewTempApp(t)
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a.Settings().SetTheme(newTheme(&variant))
		item := fyne.NewMenuItem("Zoom in", func() {})
		item.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault}
		m := widget.NewMenu(fyne.NewMenu("", item))
		w := test.NewWindow(m)
		w.Resize(fyne.NewSize(300, 100))
		bg := a.Settings().Theme().Color(theme.ColorNameMenuBackground, variant)
		var found int
		for _, o := range tree(m) {
			text, ok := o.(*canvas.Text)
			if !ok || (text.Text != "Ctrl+" && text.Text != "=") {
				continue
			}
			found++
			if r := contrast(over(text.Color, bg), bg); r < 4.5 {
				t.Errorf("variant %d: shortcut %q in %v over the menu's %v: %.2f:1, want ≥ 4.5", variant, text.Text, text.Color, bg, r)
			}
		}
		if found != 2 {
			t.Errorf("variant %d: found %d shortcut texts, want 2", variant, found)
		}
		w.Close()
	}
}
