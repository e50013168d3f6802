package app

import (
	"embed"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"alama/app/textview"
)

//go:embed translations
var translations embed.FS

// setupLanguage loads the UI translations. A language chosen in the app
// (preference "language") wins over the system locale; it takes effect when
// the app starts.
func setupLanguage(a fyne.App) {
	if l := a.Preferences().String(prefLanguage); l != "" {
		os.Setenv("LANGUAGE", l)
	}
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		fyne.LogError("load translations", err)
	}
}

// setLanguage records the UI language for the next start.
func (u *ui) setLanguage(l string) {
	u.app.Preferences().SetString(prefLanguage, l)
	u.setHint(tr("The language changes when Alama starts again."))
}

// tr translates an English UI string; data fills {{.Name}} templates.
func tr(s string, data ...map[string]any) string {
	if len(data) > 0 {
		return lang.Localize(s, data[0])
	}
	return lang.Localize(s)
}

// directionKey is the translation entry that says which way the UI
// language is written: "rtl" or "ltr".
const directionKey = "direction"

// rtlUI reports whether the UI language is written right to left, so
// tables put their first column on the right.
func rtlUI() bool { return lang.LocalizeKey(directionKey, "ltr") == "rtl" }

// messageLabel returns a one-line label for a translated message that
// quotes user text (span text, label or annotator names): it is laid out
// in the direction of the UI language, whatever script the quoted text
// starts with, and cut with an ellipsis when it does not fit.
func messageLabel() *textview.Label {
	l := textview.NewLabel("")
	l.Direction = textview.LTR
	if rtlUI() {
		l.Direction = textview.RTL
	}
	return l
}
