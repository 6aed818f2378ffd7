import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, problemText, type Schemas } from '../api/client.js';
import { useDateTime, useLabel } from '../format.js';

type MyAlert = Schemas['MyAlertDto'];

/** The alerts the signed-in user raised: each one's status and owner, nothing more. */
export function MyAlerts() {
  const intl = useIntl();
  const when = useDateTime();
  const label = useLabel();
  const [items, setItems] = useState<MyAlert[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    void api.GET('/v1/alerts/mine').then(({ data, error: problem, response }) => {
      if (data) {
        setItems(data.items);
      } else {
        setError(problemText(problem, intl.formatMessage({ id: 'app.error' }, { status: response.status })));
      }
    });
  }, [intl]);

  return (
    <div>
      <h1>
        <FormattedMessage id="mine.title" />
      </h1>
      {error && (
        <p role="alert" className="summary-error">
          {error}
        </p>
      )}
      {items === undefined && !error ? (
        <p role="status">
          <FormattedMessage id="app.loading" />
        </p>
      ) : items?.length === 0 ? (
        <p>
          <FormattedMessage id="mine.empty" />
        </p>
      ) : (
        items && (
          <table className="worklist" data-testid="my-alerts">
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage id="mine.raisedAt" />
                </th>
                <th scope="col">
                  <FormattedMessage id="mine.status" />
                </th>
                <th scope="col">
                  <FormattedMessage id="mine.owner" />
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.alertId}>
                  <th scope="row">{when(a.raisedAt)}</th>
                  <td>{label('status', a.status)}</td>
                  <td>
                    {a.owner.displayName ?? a.owner.id} ({label('bassin', a.bassinId)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
    </div>
  );
}
