// What every inspection screen shows before its data: loading, not found, or the load's error.
import type { ReactNode } from 'react';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { InspectNotFound, SourcePicker } from './InspectHeader.tsx';
import type { ScreenData } from './use-screen-data.ts';
import './inspect.css';

export function ScreenFrame<T>({
  microgridId,
  what,
  data,
  children,
}: {
  microgridId: string;
  what: string;
  data: ScreenData<T>;
  children: (value: T) => ReactNode;
}) {
  if (data.status === 'loading')
    return (
      <p className="loading">
        Loading the {what} of {microgridId}…
      </p>
    );
  if (data.status === 'not-found')
    return <InspectNotFound microgridId={microgridId} message={data.error.message} />;
  if (data.status === 'failed')
    return (
      <div className="inspect-screen">
        <ErrorPanel error={data.error} testId="load-error" title={`The ${what} could not be loaded:`} />
        <div className="source-retry">
          <SourcePicker microgridId={microgridId} />
        </div>
      </div>
    );
  return <div className="inspect-screen">{children(data.value)}</div>;
}
