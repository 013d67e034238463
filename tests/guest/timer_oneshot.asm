; Channel 2 of the 8254 in mode 0 (interrupt on terminal count), gated by port
; 61h bit 0, its output read at port 61h bit 5: the classic delay. With the
; gate low the count holds; each delay of 11932 counts lasts 10 ms.
; Prints "=" then: two readings of the count with the gate low, OUT2 before
; the gate opens, then for each of 10 delays OUT2 when it ended and a reading
; of the count, then OUT2 once more after a while.
        org 100h
        in al, 61h
        mov [port61], al
        and al, 0FCh            ; gate off, speaker off
        out 61h, al

        mov al, 0B0h            ; channel 2, low then high byte, mode 0
        out 43h, al
        mov ax, 11932
        out 42h, al
        mov al, ah
        out 42h, al
        call read2
        call save
        mov cx, 2000
.hold:  loop .hold
        call read2
        call save
        in al, 61h
        call out2               ; 0000: counting has not reached its end

        mov si, 10
.delay: mov al, 0B0h
        out 43h, al
        mov ax, 11932
        out 42h, al
        mov al, ah
        out 42h, al
        in al, 61h
        or al, 01h              ; gate on: count
        out 61h, al
.poll:  in al, 61h
        test al, 20h
        jz .poll
        call out2               ; 0001
        call read2
        call save               ; the count went on past zero: FFxx
        in al, 61h
        and al, 0FEh            ; gate off
        out 61h, al
        dec si
        jnz .delay

        in al, 61h
        or al, 01h
        out 61h, al
        mov cx, 2000
.more:  loop .more
        in al, 61h
        call out2               ; 0001: stays high until reprogrammed

        mov al, [port61]
        out 61h, al
        jmp report

read2:  mov al, 80h             ; latch channel 2
        out 43h, al
        in al, 42h
        mov ah, al
        in al, 42h
        xchg al, ah
        ret

out2:   shr al, 5
        and ax, 1
        jmp save                ; the shared routine (results.inc)

port61  db 0

%include "lib.inc"
%define SAVED_WORDS 32
%include "results.inc"
