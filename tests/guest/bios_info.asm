; INT 11h equipment, INT 12h memory size, INT 15h 88h/C0h and an unsupported
; INT 15h function. Prints "=" then words in hex.
        org 100h

%macro carry 0                  ; save CF as 0000/0001
        pushf
        pop ax
        and ax, 1
        call save
%endmacro

        mov ax, 40h
        mov es, ax
        int 11h
        call save               ; equipment word
        mov ax, [es:10h]
        call save               ; the same word in the BIOS data area
        int 12h
        call save               ; 0280: 640 KiB
        mov ax, [es:13h]
        call save               ; 0280

        stc
        mov ah, 88h
        int 15h
        call save               ; extended memory in KiB
        carry                   ; 0000

        stc
        mov ax, 0C0FFh
        int 15h
        push ax
        carry                   ; 0000
        pop ax
        mov al, 0
        call save               ; 0000: AH = 0
        mov ax, es
        call save               ; table segment
        mov ax, bx
        call save               ; table offset
        mov ax, [es:bx]
        call save               ; 0008: table length
        mov al, [es:bx + 2]
        mov ah, [es:bx + 3]
        call save               ; 01FC: submodel, model
        mov al, [es:bx + 5]
        mov ah, 0
        call save               ; feature byte 1
        mov ax, 0F000h
        mov es, ax
        mov al, [es:0FFFEh]
        mov ah, 0
        call save               ; 00FC: model byte at F000:FFFE

        clc
        mov ax, 0055h           ; function 00h (cassette motor): not on an AT
        int 15h
        push ax
        carry                   ; 0001
        pop ax
        mov al, 0
        call save               ; 8600
        clc
        mov ax, 0DE00h          ; an unassigned function
        int 15h
        push ax
        carry                   ; 0001
        pop ax
        mov al, 0
        call save               ; 8600

        jmp report



%include "lib.inc"
%define SAVED_WORDS 24
%include "results.inc"
