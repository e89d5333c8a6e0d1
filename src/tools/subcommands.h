/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WGT_SUBCOMMANDS_H
#define WGT_SUBCOMMANDS_H

extern const char *prog;

int show_main(int argc, char *argv[]);
int showconf_main(int argc, char *argv[]);
int set_main(int argc, char *argv[]);
int setconf_main(int argc, char *argv[]);
int genkey_main(int argc, char *argv[]);
int pubkey_main(int argc, char *argv[]);

#endif
