import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString } from 'class-validator';

import { TextLength } from '../common/text.js';

export class LoginDto {
  @ApiProperty({ example: 'demo-office' })
  @IsDefined()
  @IsString()
  @TextLength(1, 64)
  username!: string;

  @ApiProperty({ example: 'demo-password' })
  @IsDefined()
  @IsString()
  @TextLength(1, 200)
  password!: string;
}

export class RefreshTokenDto {
  @ApiProperty()
  @IsDefined()
  @IsString()
  @TextLength(1, 200)
  refreshToken!: string;
}

export class TokenPairView {
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the refresh token expires' })
  refreshExpiresIn!: number;
}
