/* live.h — copies of the traces being recorded, for the live ladder (ui/live.c). */
#ifndef TLSWIZ_UI_LIVE_H
#define TLSWIZ_UI_LIVE_H
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define LIVE_SLOTS 8
#define LIVE_STEPS 48	/* a longer ladder keeps its first 47 steps and its latest */

struct live_slot {
	const void *key;	/* the trace being recorded; NULL: free */
	char label[64], addr[64], sni[TW_HOST_MAX];
	struct step steps[LIVE_STEPS];
	size_t nsteps;
	double start, last;	/* net_now_ms of the attempt's start and of its last step */
	unsigned long seq;
	bool ended;		/* its outcome is set */
};

void live_init(int notify_fd);
void live_stop(void);
void live_clear(void);
bool live_pick(struct live_slot *out, bool newest);
void live_awaited(const struct live_slot *s, char *buf, size_t len);

#endif
