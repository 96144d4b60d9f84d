/** The admin's API calls (contract: core/adminApi.ts), as Results like every other call. */
import type { CreateLocationDto, CreateUserDto, UserDto } from '../../core/adminApi';
import type { LocationDto, Role } from '../../core/api/dto';
import { call, type ApiResult } from './client';

export const adminApi = {
  users: (): Promise<ApiResult<UserDto[]>> => call('listUsers'),
  createUser: (body: CreateUserDto): Promise<ApiResult<UserDto>> => call('createUser', { body }),
  setRole: (username: string, role: Role): Promise<ApiResult<UserDto>> =>
    call('updateUser', { params: { username }, body: { role } }),
  setActive: (username: string, active: boolean): Promise<ApiResult<UserDto>> =>
    call('updateUser', { params: { username }, body: { active } }),
  resetPassword: (username: string, password: string): Promise<ApiResult<UserDto>> =>
    call('resetPassword', { params: { username }, body: { password } }),
  locations: (): Promise<ApiResult<LocationDto[]>> => call('listLocations'),
  createLocation: (body: CreateLocationDto): Promise<ApiResult<LocationDto>> => call('createLocation', { body }),
  renameLocation: (id: number, name: string): Promise<ApiResult<LocationDto>> =>
    call('renameLocation', { params: { id }, body: { name } }),
};
