// Package app is Alama's window: the document list, the annotation view, the
// label palette and the span inspector. It reaches the project only through
// annotate.Project, and shows every error in a dialog.
//
// Everything here runs on Fyne's goroutine; work started elsewhere comes back
// through fyne.Do.
package app
