; Reads and writes a memory range that a VDD serves (D000:0000): each read
; returns the next value of the device's counter; writes reach the device.
%include "macros.inc"
        org 100h
        mov ax, 0D000h
        mov es, ax
        mov byte [es:10h], 5Ah      ; a byte write
        mov word [es:20h], 1234h    ; a word write
        mov ax, [es:0]              ; reads: the device counts them
        call hex16
        call space
        mov al, [es:1]
        mov ah, 0
        call hex16
        call newline
        exit 0
%include "lib.inc"
