/** The admin's API calls (contract: core/adminApi.ts), as Results like every other call. */
import type { CreateLocationDto, CreateUserDto, UserDto } from '../../core/adminApi';
import type { LocationDto, Role } from '../../core/api/dto';
import { apiJson, get, post, type ApiResult } from './client';

export const adminApi = {
  users: (): Promise<ApiResult<UserDto[]>> => get<UserDto[]>('/users'),
  createUser: (body: CreateUserDto): Promise<ApiResult<UserDto>> => post<UserDto>('/users', body),
  setRole: (username: string, role: Role): Promise<ApiResult<UserDto>> =>
    apiJson<UserDto>('PATCH', `/users/${encodeURIComponent(username)}`, { body: { role } }),
  setActive: (username: string, active: boolean): Promise<ApiResult<UserDto>> =>
    apiJson<UserDto>('PATCH', `/users/${encodeURIComponent(username)}`, { body: { active } }),
  resetPassword: (username: string, password: string): Promise<ApiResult<UserDto>> =>
    apiJson<UserDto>('PUT', `/users/${encodeURIComponent(username)}/password`, { body: { password } }),
  locations: (): Promise<ApiResult<LocationDto[]>> => get<LocationDto[]>('/locations'),
  createLocation: (body: CreateLocationDto): Promise<ApiResult<LocationDto>> => post<LocationDto>('/locations', body),
  renameLocation: (id: number, name: string): Promise<ApiResult<LocationDto>> =>
    apiJson<LocationDto>('PATCH', `/locations/${id}`, { body: { name } }),
};
