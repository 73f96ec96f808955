/*
 * stdin.c — reads all of standard input (stdin.stdin in the runner) and prints a transform:
 * each line numbered, reversed and upper-cased, then counts of lines, words and bytes and a
 * checksum of the bytes. Exercises read() on a redirected file through stdio.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char line[4096];
    unsigned long lines = 0, words = 0, bytes = 0, sum = 0;
    while (fgets(line, sizeof(line), stdin)) {
        size_t n = strlen(line);
        bytes += n;
        for (size_t i = 0; i < n; i++)
            sum = sum * 33 + (unsigned char)line[i];
        int in_word = 0;
        for (size_t i = 0; i < n; i++) {
            int sp = isspace((unsigned char)line[i]);
            if (!sp && !in_word)
                words++;
            in_word = !sp;
        }
        if (n && line[n - 1] == '\n')
            line[--n] = 0;
        lines++;
        printf("%3lu: ", lines);
        for (size_t i = n; i > 0; i--)
            putchar(toupper((unsigned char)line[i - 1]));
        putchar('\n');
    }
    printf("lines %lu words %lu bytes %lu checksum %lu eof %d\n", lines, words, bytes, sum,
           feof(stdin) != 0);
    return 0;
}
