// client.go SCENARIOS CA OUTDIR — Go's crypto/tls against every lab scenario at once
// (goroutines), writing the error a Go program would log.
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

func main() {
	pem, err := os.ReadFile(os.Args[2])
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	out := os.Args[3]
	os.MkdirAll(out, 0o755)
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	var wg sync.WaitGroup
	gate := make(chan struct{}, 6) // the lab serves 64 connections at once
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		x := strings.Fields(sc.Text())
		if len(x) < 4 || x[3] != "-" {
			continue
		}
		wg.Add(1)
		go func(name, host, port string) {
			defer wg.Done()
			gate <- struct{}{}
			defer func() { <-gate }()
			d := &net.Dialer{Timeout: 3 * time.Second}
			c, err := tls.DialWithDialer(d, "tcp", "127.0.0.1:"+port, &tls.Config{RootCAs: pool, ServerName: host})
			if err == nil {
				// read before writing (see client.py); silence for half a second is success
				c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
				_, err = c.Read(make([]byte, 1))
				if ne, ok := err.(net.Error); ok && ne.Timeout() || err == io.EOF {
					err = nil
				}
				c.Close()
			}
			if err != nil {
				os.WriteFile(filepath.Join(out, name+".txt"), []byte(err.Error()+"\n"), 0o644)
			}
		}(x[0], x[1], x[2])
	}
	wg.Wait()
}
