; The 8254 counter latch command (port 43h, 00h for channel 0) and two reads
; of port 40h, low byte then high byte; 8 pairs of readings a few microseconds
; apart. A second latch command before the count is read is ignored. The
; read-back command (C0h-FFh) latches the status byte and/or the count.
; Prints "=" then each pair: the first reading, the second; then channel 2
; (mode 2, gate on) latched, latched again 1 ms later, read, and latched and
; read at once; then the status of channel 0, and status and count of it
; latched together by one read-back command.
        org 100h
        mov si, 8
.pair:  cli
        call latch
        call save
        mov cx, 100
.delay: loop .delay
        call latch
        call save
        sti
        dec si
        jnz .pair

        in al, 61h
        mov [port61], al
        or al, 01h              ; channel 2 gate on
        out 61h, al
        mov al, 0B4h            ; channel 2, low then high byte, mode 2
        out 43h, al
        xor al, al              ; reload 0: 65536 counts, 55 ms
        out 42h, al
        out 42h, al
        mov al, 80h             ; latch channel 2
        out 43h, al
        mov ah, 86h             ; wait 1 ms
        xor cx, cx
        mov dx, 1000
        int 15h
        mov al, 80h             ; latch again: ignored, the first count waits to be read
        out 43h, al
        call read2
        call save
        mov al, 80h
        out 43h, al
        call read2
        call save
        mov al, [port61]
        out 61h, al

        mov al, 0E2h            ; read-back: status only, channel 0
        out 43h, al
        in al, 40h
        mov ah, 0
        call save
        mov al, 0C2h            ; read-back: status and count, channel 0
        out 43h, al
        in al, 40h
        mov ah, 0
        call save
        call read0
        call save

        jmp report

latch:  mov al, 00h             ; latch channel 0
        out 43h, al
read0:  in al, 40h
        mov ah, al
        in al, 40h
        xchg al, ah
        ret

read2:  in al, 42h
        mov ah, al
        in al, 42h
        xchg al, ah
        ret


port61  db 0

%include "lib.inc"
%define SAVED_WORDS 24
%include "results.inc"
