// Package gui is Alama's window: the document list, the annotation view, the
// label palette and the span inspector. It reaches the project only through
// annotate.Project, and shows every error in a dialog. Importing, exporting,
// bundles and surveys of the layers go through package app, the same code
// the command line runs. Run takes an open project; main decides whether
// to open the window.
//
// User text shown in one line (titles, span texts, label, relation and
// annotator names, file names) is drawn by textview.Label, never by Fyne's
// labels or buttons, which misorder a line mixing Arabic with Latin or
// digits. A message quoting such text is drawn by messageLabel, in the UI
// language's direction; a name followed by digits or punctuation of the
// message is marked by userText. Text that must wrap (the selected span's
// text, guidelines, error messages) and the choices of Select widgets are
// still drawn by Fyne.
//
// In a right-to-left UI language the window is mirrored (mirror.go): rows,
// splits, grids and forms are built from the right by small helpers that
// return Fyne's own containers in English, and the window draws its menu
// bar itself (menubar.go), since Fyne lays its menu bar out from the left.
//
// Everything here runs on Fyne's goroutine; work started elsewhere comes back
// through fyne.Do.
package gui
