; Echoes every key (INT 21h/08h, then 02h) for bench/browser.py's key-to-screen
; latency; Escape ends it.
        org 100h
next:   mov ah, 08h
        int 21h
        cmp al, 1Bh
        je done
        mov dl, al
        mov ah, 02h
        int 21h
        jmp next
done:   mov ax, 4C00h
        int 21h
