"""A unit of work's session whose transaction is the driver's.

A command's unit of work used to run on an ORM ``AsyncSession`` checked out per command: the
session's own machinery (its transaction states, its connection checkout, its commit and close,
each a hop through SQLAlchemy's greenlet) cost more CPU per command than the statements it
ran, and every ``text()`` statement of a projection went through SQLAlchemy's execution context
and result objects (measured on asyncpg: about 200 µs per ``SELECT 1`` against 75 µs on the
driver).

:class:`UnitSession` is still an ``AsyncSession`` (every projection and query takes one), but:

- its connection comes from the engine's pool as a raw pooled connection (one hop, the pool's
  checkout and checkin events, ping-on-idle and invalidation as before), wrapped in a
  SQLAlchemy ``Connection`` the session is bound to;
- its transaction is begun on the asyncpg connection at the first statement, as SQLAlchemy's
  asyncpg adapter begins it (``_start_transaction``: the adapter then knows it, so a statement
  SQLAlchemy runs joins it), and committed or rolled back as the adapter's own ``commit()``
  and ``rollback()`` do, without their hop through the greenlet (:meth:`UnitSession._end`);
- a ``text()`` statement whose parameters are all untyped (what the projections run) is sent
  to the driver as SQLAlchemy would send it (the same SQL, compiled once per statement object,
  the same parameter values in the same order) and answered as a SQLAlchemy ``Result`` of the
  driver's rows, which are what SQLAlchemy hands out for such a statement. Anything else (ORM
  statements, typed or expanding parameters, execution options, ``begin_nested``, and every
  statement while the engine has ``before_cursor_execute`` or ``after_cursor_execute``
  listeners, which would not see it otherwise) goes through SQLAlchemy's session on the same
  connection and transaction;
- the driver's errors reach the caller as SQLAlchemy's (``IntegrityError`` naming its
  constraint, ``DBAPIError``), and a connection whose backend is gone is invalidated
  (:func:`translated`).

Such a result has no ``rowcount`` (the driver's row list does not carry the command tag):
a statement whose caller needs it must go through SQLAlchemy (``execution_options``), or say
``RETURNING``.

When the engine's driver is not asyncpg (or its adapter lacks what is used here),
:meth:`UnitSession.open` gives a plain ``AsyncSession`` instead: the old path, slower, same
results.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.result import IteratorResult, Result, SimpleResultMetaData
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.util.concurrency import greenlet_spawn


async def translated(
    db: AsyncConnection, sql: str | None, args: Sequence[Any], error: Exception
) -> BaseException:
    """The error SQLAlchemy would have raised for the driver's ``error`` (an
    ``IntegrityError`` naming its constraint, a ``DBAPIError`` the API answers as a database
    problem), the connection invalidated when it is gone and, as SQLAlchemy does then, every
    connection the pool held until now (the server is likely gone for them too: they are
    replaced at their next checkout, not handed to the next command to fail)."""
    pooled = await db.get_raw_connection()
    try:
        pooled.dbapi_connection._handle_exception(error)  # type: ignore[union-attr]
    except Exception as adapted:
        dialect = db.dialect
        if not isinstance(adapted, dialect.loaded_dbapi.Error):
            return adapted
        gone = dialect.is_disconnect(adapted, pooled.dbapi_connection, None)
        if gone:
            stale = getattr(db.sync_engine.pool, "_invalidate", None)
            if stale is not None:  # SQLAlchemy's own step on a disconnect
                stale(pooled, adapted)
            await db.invalidate(adapted)
        return DBAPIError.instance(
            sql,
            list(args),
            adapted,
            dialect.loaded_dbapi.Error,
            dialect=dialect,
            connection_invalidated=gone,
        )
    return error


@dataclass
class _Plan:
    """A ``text()`` statement as the driver receives it: its SQL and its parameters' order."""

    sql: str
    names: tuple[str, ...]
    keys: tuple[str, ...] | None = None
    """Its columns, once known: from its first row, or (a first answer without rows) from
    the server's description of the statement, asked once."""


_PLANS: OrderedDict[tuple[int, int], tuple[TextClause, _Plan | None]] = OrderedDict()
_PLANS_MAX = 2048


def _plan(statement: TextClause, dialect: Dialect) -> _Plan | None:
    """How the driver runs ``statement``; None when SQLAlchemy must (a typed, expanding or
    literal parameter: SQLAlchemy would process its value). Kept per statement object (the
    services' statements are module constants), least recently used out."""
    key = (id(statement), id(dialect))
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is statement:
        _PLANS.move_to_end(key)
        return hit[1]
    compiled = statement.compile(dialect=dialect)
    binds = compiled.binds.values()
    plain = all(
        b.type._isnull and not b.expanding and not b.literal_execute and b.callable is None
        for b in binds
    )
    names = compiled.positiontup
    plan = None
    if plain and names is not None:
        # A statement built per call (an f-string) is compiled again, but its columns, once
        # known for its SQL, are not asked of the server again.
        plan = _Plan(compiled.string, tuple(names), _COLUMNS.get(compiled.string))
    _remember(_PLANS, key, (statement, plan))  # the statement held: its id is not reused
    return plan


_COLUMNS: OrderedDict[str, tuple[str, ...]] = OrderedDict()


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > _PLANS_MAX:
        cache.popitem(last=False)


def _supported(adapted: Any, driver: Any) -> bool:
    return (
        hasattr(adapted, "_start_transaction")
        and hasattr(adapted, "_transaction")
        and callable(getattr(driver, "fetch", None))
        and callable(getattr(driver, "is_in_transaction", None))
    )


def _discarding(adapted: Any) -> Any:
    """The asyncpg adapter's way to end its transaction and forget it, if it has one."""
    return getattr(adapted, "_call_and_discard", None)


class UnitSession(AsyncSession):
    """An ``AsyncSession`` on one pooled connection whose transaction is the driver's (see the
    module's note). Open it with :meth:`open`; end it with :meth:`commit` and :meth:`close`."""

    _unit_connection: AsyncConnection
    _adapted: Any
    _driver: Any

    @classmethod
    async def open(cls, engine: AsyncEngine, **options: Any) -> AsyncSession:
        """A unit session on a connection of ``engine``'s pool, with the session ``options``
        of a session maker; a plain session (SQLAlchemy's own path) when the driver is not
        asyncpg."""
        pooled = await engine.raw_connection()
        adapted, driver = pooled.dbapi_connection, pooled.driver_connection
        if not _supported(adapted, driver):
            await greenlet_spawn(pooled.close)
            return AsyncSession(engine, **options)
        connection = AsyncConnection(engine, Connection(engine.sync_engine, pooled))
        session = cls(connection, **options)
        session._unit_connection = connection
        session._adapted = adapted
        session._driver = driver
        return session

    def _observed(self) -> bool:
        """Whether the engine has listeners of its statements (tracing, a test counting
        round trips): they see the statements SQLAlchemy runs, so those must not skip it."""
        events = self._unit_connection.sync_engine.dispatch
        return bool(events.before_cursor_execute or events.after_cursor_execute)

    async def _begin(self) -> None:
        if self._adapted._transaction is None:
            try:
                await self._adapted._start_transaction()
            except Exception as error:
                raise await translated(self._unit_connection, None, (), error) from error

    async def driver_fetch(self, sql: str, args: Sequence[Any]) -> list[Any]:
        """Rows of a $-parameter statement run on the driver, in this session's transaction
        (begun if it was not): the event store's statements."""
        await self._begin()
        try:
            return list(await self._driver.fetch(sql, *args))
        except Exception as error:
            raise await translated(self._unit_connection, sql, args, error) from error

    def _driver_plan(
        self, statement: Any, params: Any, options: Any, bind_arguments: Any, kw: Any
    ) -> tuple[_Plan, list[Any]] | None:
        if type(statement) is not TextClause or options or bind_arguments or kw:
            return None
        if self._observed():
            return None  # someone listens to the engine's statements: SQLAlchemy runs them
        if params is not None and not isinstance(params, Mapping):
            return None  # many parameter sets: SQLAlchemy's executemany
        plan = _plan(statement, self._unit_connection.dialect)
        if plan is None:
            return None
        given = params or {}
        if any(name not in given for name in plan.names):
            return None  # SQLAlchemy says which is missing
        return plan, [given[name] for name in plan.names]

    async def execute(
        self,
        statement: Any,
        params: Any = None,
        *,
        execution_options: Any = None,
        bind_arguments: Any = None,
        **kw: Any,
    ) -> Result[Any]:
        """SQLAlchemy's ``execute``; a plain ``text()`` statement on the driver."""
        found = self._driver_plan(statement, params, execution_options, bind_arguments, kw)
        if found is None:
            result: Result[Any] = await super().execute(
                statement,
                params,
                execution_options=execution_options or {},
                bind_arguments=bind_arguments,
                **kw,
            )
            return result
        plan, args = found
        rows = await self.driver_fetch(plan.sql, args)
        if plan.keys is None:
            plan.keys = tuple(rows[0].keys()) if rows else await self._columns(plan.sql)
            _remember(_COLUMNS, plan.sql, plan.keys)
        return IteratorResult(SimpleResultMetaData(plan.keys), iter([tuple(r) for r in rows]))

    async def _columns(self, sql: str) -> tuple[str, ...]:
        """The columns of a statement's answer, as the server describes it (one round trip,
        once per statement: an empty result still has its columns, ``scalars()`` needs them)."""
        try:
            described = await self._driver.prepare(sql)
        except Exception as error:
            raise await translated(self._unit_connection, sql, (), error) from error
        return tuple(attribute.name for attribute in described.get_attributes())

    async def scalar(
        self,
        statement: Any,
        params: Any = None,
        *,
        execution_options: Any = None,
        bind_arguments: Any = None,
        **kw: Any,
    ) -> Any:
        """SQLAlchemy's ``scalar``; a plain ``text()`` statement on the driver."""
        if self._driver_plan(statement, params, execution_options, bind_arguments, kw) is None:
            return await super().scalar(
                statement,
                params,
                execution_options=execution_options or {},
                bind_arguments=bind_arguments,
                **kw,
            )
        return (await self.execute(statement, params)).scalar()

    def in_transaction(self) -> bool:
        return self._adapted._transaction is not None or super().in_transaction()

    async def commit(self) -> None:
        """Commit the transaction: SQLAlchemy's session first if it ran statements itself
        (it commits the same transaction), else the driver's transaction (:meth:`_end`)."""
        if super().in_transaction():
            await super().commit()
        await self._end(commit=True)

    async def rollback(self) -> None:
        """Roll the transaction back; a connection that cannot is invalidated (never handed
        out again with a transaction of its own still open)."""
        try:
            if super().in_transaction():
                await super().rollback()
            await self._end(commit=False)
        except BaseException:
            if not self._unit_connection.invalidated:
                await self._unit_connection.invalidate()
            raise

    async def _end(self, *, commit: bool) -> None:
        """End the driver's transaction as the adapter's own ``commit()`` and ``rollback()``
        do (``_call_and_discard``: the adapter forgets the transaction whatever the outcome),
        without their hop through SQLAlchemy's greenlet; with an adapter that has no such
        method, its DBAPI ``commit()`` or ``rollback()`` in the greenlet."""
        adapted = self._adapted
        transaction = adapted._transaction
        if transaction is None:
            return
        try:
            discard = _discarding(adapted)
            if discard is None:
                await greenlet_spawn(adapted.commit if commit else adapted.rollback)
            else:
                await discard(transaction.commit if commit else transaction.rollback)
        except Exception as error:
            raise await translated(self._unit_connection, None, (), error) from error

    async def close(self) -> None:
        """End the session and give the connection back to the pool (rolled back first if a
        transaction is still open; invalidated if that fails)."""
        try:
            if self.in_transaction():
                await self.rollback()
        finally:
            await greenlet_spawn(self._close_sync)

    def _close_sync(self) -> None:
        try:
            session = self.sync_session
            if session.in_transaction() or len(session.identity_map):  # SQLAlchemy's was used
                session.close()
        finally:
            self._unit_connection.sync_connection.close()  # type: ignore[union-attr]
