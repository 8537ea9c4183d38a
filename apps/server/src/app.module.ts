import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { Platform } from './platform.js';

@Module({})
export class AppModule {
  static register(platform: Platform): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController],
      providers: [{ provide: Platform, useValue: platform }],
    };
  }
}
