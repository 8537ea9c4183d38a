import { Module, type DynamicModule } from '@nestjs/common';
import { FilesController } from './files.controller.js';
import { HealthController } from './health.controller.js';
import { Platform } from './platform.js';

@Module({})
export class AppModule {
  static register(platform: Platform): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, FilesController],
      providers: [{ provide: Platform, useValue: platform }],
    };
  }
}
