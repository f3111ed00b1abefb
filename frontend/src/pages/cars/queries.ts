import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchCar, listCars } from '../../api/cars';
import type { Car, CarQuery } from '../../api/types';
import { useInvalidate } from '../../hooks/useInvalidate';

/** Root query key of the cars. */
export const CARS_KEY = ['cars'] as const;

/** The query key of one car. */
export const carKey = (id: string) => [...CARS_KEY, 'detail', id] as const;

/** A page of cars; the previous page stays shown while the next loads. */
export function useCarList(params: CarQuery) {
  return useQuery({
    queryKey: [...CARS_KEY, 'list', params],
    queryFn: ({ signal }) => listCars(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** One car. */
export function useCar(id: string) {
  return useQuery({ queryKey: carKey(id), queryFn: ({ signal }) => fetchCar(id, signal) });
}

/** A change that answers the changed car: cached at once, and what it feeds refreshed. */
export function useCarChange<Input>(change: (input: Input) => Promise<Car>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: change,
    onSuccess: async (car) => {
      queryClient.setQueryData(carKey(car.id), car);
      await invalidate('cars', 'customers');
    },
  });
}
