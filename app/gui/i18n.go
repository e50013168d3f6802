package gui

import (
	"embed"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/unicode/bidi"

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

// trN translates an English UI string that counts n things, in the
// plural form the UI language gives n: English has one and other, Arabic
// zero, one, two, few (3–10), many (11–99) and other (100 and up, as CLDR
// counts them). data fills its templates, the count among them.
func trN(s string, n int, data map[string]any) string {
	return lang.LocalizePlural(s, n, data)
}

// counted returns a counted noun, such as "{{.Count}} documents", in the
// plural form the UI language gives n, for a message that counts several
// things: each count then agrees with its own noun.
func counted(noun string, n int) string {
	return lang.LocalizePlural(noun, n, map[string]any{"Count": n})
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

// lineLabel returns a messageLabel as wide as its text, for a message that
// mixes words with numbers or key names: Fyne's labels misorder such a line
// in Arabic.
func lineLabel() *textview.Label {
	l := messageLabel()
	l.Truncation = fyne.TextTruncateOff
	return l
}

// userText marks both ends of user text (a name, a label) quoted in a
// message drawn by messageLabel with the mark of the UI language's
// direction, and closes it with closeRun, so it reads as a unit and the
// digits and punctuation after it keep the message's order: without the
// marks, an Arabic name followed by «#12» in an English line takes the
// number into its own right-to-left run and reads «12#». The marks draw
// nothing.
func userText(s string) string {
	m := "\u200e"
	if rtlUI() {
		m = "\u200f"
	}
	return m + closeRun(s) + m
}

// closeRun ends s with the mark of its own direction (that of its first
// strong character), so digits, signs and closing punctuation at its end
// stay with it when text of the other direction follows: «بنسبة 12%»
// inside an English line keeps its % on the left of 12.
func closeRun(s string) string {
	rtl, ok := firstStrong(s)
	switch {
	case !ok:
		return s
	case rtl:
		return s + "\u200f"
	}
	return s + "\u200e"
}

// userList joins names, each marked by userText, with commas.
func userList(names []string) string {
	marked := make([]string, len(names))
	for i, n := range names {
		marked[i] = userText(n)
	}
	return strings.Join(marked, ", ")
}

// setRight shows text in l on the label's right, in the text's own
// direction: l's paragraph direction must be textview.Auto, which takes
// it from the first strong character (right to left when there is none),
// as this does to choose the alignment. Columns of Arabic user text stay
// flush right when one of them is Latin.
func setRight(l *textview.Label, text string) { setSide(l, text, true) }

// setLeft is setRight for a label on the left.
func setLeft(l *textview.Label, text string) { setSide(l, text, false) }

func setSide(l *textview.Label, text string, right bool) {
	rtl, ok := firstStrong(text)
	l.Alignment = fyne.TextAlignTrailing
	if (rtl || !ok) == right {
		l.Alignment = fyne.TextAlignLeading
	}
	l.SetText(text)
}

// firstStrong reports whether the first strong character of s is right to
// left; ok is false when s has none.
func firstStrong(s string) (rtl, ok bool) {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false, true
		case bidi.R, bidi.AL:
			return true, true
		}
	}
	return false, false
}
