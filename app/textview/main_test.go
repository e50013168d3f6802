package textview

import (
	"os"
	"testing"

	"fyne.io/fyne/v2"

	"alama/assets"
)

// TestMain gives the views the Arabic faces an application passes in;
// the tests measure Arabic text with them.
func TestMain(m *testing.M) {
	SetFonts(Fonts{Regular: arabicResource, Bold: arabicBoldResource})
	os.Exit(m.Run())
}

// The Arabic faces of the tests, shared with arabicTheme.
var (
	arabicResource     = fyne.NewStaticResource("NotoSansArabic-Regular.ttf", assets.ArabicRegular)
	arabicBoldResource = fyne.NewStaticResource("NotoSansArabic-Bold.ttf", assets.ArabicBold)
)
