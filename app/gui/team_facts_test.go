package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"alama/app/textview"
)

// TestFactsFollowUILanguage lays out facts while the system locale is
// Arabic: the names stand on the side the UI language reads from, not
// the side the system locale would.
func TestFactsFollowUILanguage(t *testing.T) {
	test.NewTempApp(t)
	for _, loc := range []string{"ar_EG.UTF-8", "en_GB.UTF-8"} {
		t.Run(loc, func(t *testing.T) {
			t.Setenv("LC_ALL", loc)
			t.Setenv("LANG", loc)
			grid := facts([][2]string{{"File", "تقرير-2025 🙂.zip"}}).(*fyne.Container)
			if len(grid.Objects) != 2 {
				t.Fatalf("%d cells, want 2", len(grid.Objects))
			}
			first, second := grid.Objects[0], grid.Objects[1]
			name, value := first, second
			if rtlUI() {
				name, value = second, first
			}
			if _, ok := name.(*widget.Label); !ok {
				t.Errorf("UI right to left %v: the name is not where the UI starts; cells %T, %T", rtlUI(), first, second)
			}
			v, ok := value.(*textview.Label)
			if !ok {
				t.Fatalf("value drawn by %T", value)
			}
			want := textview.LTR
			if rtlUI() {
				want = textview.RTL
			}
			if v.Direction != want {
				t.Errorf("value laid out %v, want %v", v.Direction, want)
			}
		})
	}
}
