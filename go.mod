module alama

go 1.26.8

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/go-text/typesetting v0.2.1 // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	go.etcd.io/bbolt v1.5.0 // indirect
	golang.org/x/sys v0.45.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
