import { Module, type DynamicModule } from '@nestjs/common';
import { GraphqlController } from './graphql.controller.js';
import { HealthController } from './health.controller.js';
import { Platform } from './platform.js';

@Module({})
export class AppModule {
  static register(platform: Platform): DynamicModule {
    return {
      module: AppModule,
      controllers: [GraphqlController, HealthController],
      providers: [{ provide: Platform, useValue: platform }],
    };
  }
}
