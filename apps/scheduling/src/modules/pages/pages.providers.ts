import type { Provider } from '@nestjs/common';
import { PageCommandHandlers, PageQueryHandlers } from './application/index.js';

/** The pages people open from a link, without an account or JavaScript (ADR 0025). */
export const pageProviders: Provider[] = [...PageCommandHandlers, ...PageQueryHandlers];
