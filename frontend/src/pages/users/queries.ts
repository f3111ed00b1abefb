import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createUser, listUsers, setUserPassword, updateUser } from '../../api/users';
import type { PageParams, UserCreate, UserUpdate } from '../../api/types';

/** Root query key of the accounts lists. */
export const USERS_KEY = ['users'] as const;

/** A page of accounts; the previous page stays shown while the next loads. */
export function useUserList(params: PageParams) {
  return useQuery({
    queryKey: [...USERS_KEY, 'list', params],
    queryFn: ({ signal }) => listUsers(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** Creates an account, then refreshes the lists. */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => createUser(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

/** Changes an account, then refreshes the lists. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UserUpdate }) => updateUser(id, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

/** Gives another account a new password, then refreshes the lists. */
export function useSetUserPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, newPassword, version }: { id: string; newPassword: string; version: number }) =>
      setUserPassword(id, newPassword, version),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}
