package gui

import (
	"os"
	"testing"

	"alama/app/textview"
)

// TestMain gives textview Alama's fonts, as newUI does, for the tests
// that draw labels without a window.
func TestMain(m *testing.M) {
	textview.SetFonts(alamaFonts)
	os.Exit(m.Run())
}
