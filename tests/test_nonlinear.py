"""Two-layer networks with tanh / ReLU hidden units (simulation only: no exact solution)."""

import numpy as np
import pytest

import exactdln as ed
from exactdln.activations import NAMES
from exactdln.simulation import NetworkTrajectory, forward, network_loss, train_nonlinear


def data(n_in=4, n_hidden=6, n_out=3, p=12, seed=0, batch=()):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((*batch, n_in, p))
    y = rng.standard_normal((*batch, n_out, p))
    w1 = 0.5 * rng.standard_normal((*batch, n_hidden, n_in))
    w2 = 0.5 * rng.standard_normal((*batch, n_out, n_hidden))
    return w1, w2, x, y


def test_linear_activation_is_train_two_layer():
    """On non-whitened inputs the per-item gradient equals the statistics-based one (docs/mathematics.md
    §1)."""
    w1, w2, x, y = data()
    p = x.shape[1]
    traj = train_nonlinear(w1, w2, x, y, activation="linear", eta=0.05, n_steps=300, record=50)
    ref = ed.train_two_layer(w1, w2, y @ x.T / p, sigma_xx=x @ x.T / p, eta=0.05, n_steps=300, record=50)
    np.testing.assert_allclose(traj.w1, ref.w1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(traj.w2, ref.w2, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(traj.times, ref.times)


@pytest.mark.parametrize("activation", sorted(NAMES))
def test_one_step_is_minus_eta_times_numerical_gradient(activation):
    """The update equals -eta dL/dW from central finite differences of the loss (errors ~1e-9)."""
    w1, w2, x, y = data(seed=3)
    eta = 0.1
    traj = train_nonlinear(w1, w2, x, y, activation=activation, eta=eta, n_steps=1)
    eps = 1e-6
    for k, w in enumerate((w1, w2)):
        grad = np.zeros_like(w)
        for idx in np.ndindex(w.shape):
            plus, minus = w.copy(), w.copy()
            plus[idx] += eps
            minus[idx] -= eps
            args_p = (plus, w2) if k == 0 else (w1, plus)
            args_m = (minus, w2) if k == 0 else (w1, minus)
            diff = network_loss(*args_p, x, y, activation) - network_loss(*args_m, x, y, activation)
            grad[idx] = diff / (2 * eps)
        step = (traj.w1 if k == 0 else traj.w2)[1] - w
        np.testing.assert_allclose(step, -eta * grad, rtol=0, atol=1e-8)


def test_known_outputs():
    w1 = np.array([[1.0, -2.0], [0.5, 0.0]])
    w2 = np.array([[1.0, 1.0]])
    x = np.array([[1.0], [1.0]])  # h = (-1, 0.5)
    assert forward(w1, w2, x, "relu")[0, 0] == pytest.approx(0.5)
    assert forward(w1, w2, x, "tanh")[0, 0] == pytest.approx(np.tanh(-1.0) + np.tanh(0.5))
    assert forward(w1, w2, x, "linear")[0, 0] == pytest.approx(-0.5)
    assert network_loss(w1, w2, x, np.array([[2.5]]), "relu") == pytest.approx(0.5 * 2.0**2)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_batch_equals_separate_runs(activation):
    w1, w2, x, y = data(batch=(3,), seed=5)
    batched = train_nonlinear(w1, w2, x, y, activation=activation, eta=0.05, n_steps=100, record=[0, 37, 100])
    for b in range(3):
        single = train_nonlinear(
            w1[b], w2[b], x[b], y[b], activation=activation, eta=0.05, n_steps=100, record=[0, 37, 100]
        )
        np.testing.assert_allclose(batched.w1[:, b], single.w1, rtol=0, atol=1e-13)
        np.testing.assert_allclose(batched.w2[:, b], single.w2, rtol=0, atol=1e-13)


@pytest.mark.parametrize("activation", sorted(NAMES))
def test_zero_padding_is_exact(activation):
    """Padded hidden units, inputs and outputs stay exactly zero; the real block is unchanged."""
    n_in, n_h, n_out, p = 3, 4, 2, 10
    w1, w2, x, y = data(n_in, n_h, n_out, p, seed=7)
    small = train_nonlinear(w1, w2, x, y, activation=activation, eta=0.05, n_steps=200, record=200)
    pw1, pw2 = np.zeros((7, 5)), np.zeros((4, 7))
    pw1[:n_h, :n_in], pw2[:n_out, :n_h] = w1, w2
    px, py = np.zeros((5, p)), np.zeros((4, p))
    px[:n_in], py[:n_out] = x, y
    big = train_nonlinear(pw1, pw2, px, py, activation=activation, eta=0.05, n_steps=200, record=200)
    np.testing.assert_allclose(big.w1[:, :n_h, :n_in], small.w1, rtol=0, atol=1e-13)
    np.testing.assert_allclose(big.w2[:, :n_out, :n_h], small.w2, rtol=0, atol=1e-13)
    outside1 = big.w1.copy()
    outside1[:, :n_h, :n_in] = 0
    outside2 = big.w2.copy()
    outside2[:, :n_out, :n_h] = 0
    assert not outside1.any() and not outside2.any()
    np.testing.assert_allclose(big.loss(), small.loss(), rtol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_small_learning_rate_decreases_the_loss(activation):
    w1, w2, x, y = data(seed=11)
    traj = train_nonlinear(w1, w2, x, y, activation=activation, eta=0.01, n_steps=2000, record=1)
    loss = traj.loss()
    assert np.all(np.diff(loss) <= 1e-15)
    assert loss[-1] < 0.8 * loss[0]


def test_loss_on_another_task_and_balance():
    w1, w2, x, y = data(seed=2)
    _, _, x2, y2 = data(seed=9)
    traj = train_nonlinear(w1, w2, x, y, activation="tanh", eta=0.05, n_steps=50, record=10)
    np.testing.assert_allclose(traj.loss(x2, y2)[-1], network_loss(traj.w1[-1], traj.w2[-1], x2, y2, "tanh"))
    with pytest.raises(ValueError, match="both x and y"):
        traj.loss(x2)
    d = w1 @ w1.T - w2.T @ w2
    assert traj.balance()[0] == pytest.approx(np.linalg.norm(d))
    assert isinstance(traj, NetworkTrajectory)


def test_linear_balance_drift_is_second_order_per_step():
    """The linear flow conserves w1 w1^T - w2^T w2 (docs/mathematics.md §1); one GD step moves it by
    O(eta^2)."""
    task = ed.tasks.random_regression(4, 3, 20, seed=0)
    w1, w2 = ed.initialisations.zero_balanced(4, 5, 3, 0.3, seed=1)
    drift = [
        train_nonlinear(w1, w2, task.x, task.y, activation="linear", eta=eta, n_steps=1).balance()[1]
        for eta in (0.02, 0.01)
    ]
    assert drift[0] / drift[1] == pytest.approx(4.0, rel=0.05)


def test_bad_input_is_named():
    w1, w2, x, y = data()
    with pytest.raises(ValueError, match="activation must be one of"):
        train_nonlinear(w1, w2, x, y, activation="sigmoid", eta=0.1, n_steps=1)
    with pytest.raises(ValueError, match="w1 must take"):
        train_nonlinear(w1[:, :3], w2, x, y, activation="tanh", eta=0.1, n_steps=1)
    with pytest.raises(ValueError, match="w2 must take"):
        train_nonlinear(w1, w2[:, :2], x, y, activation="tanh", eta=0.1, n_steps=1)
    with pytest.raises(ValueError, match="y has shape"):
        train_nonlinear(w1, w2, x, y[:, :5], activation="tanh", eta=0.1, n_steps=1)
    with pytest.raises(ValueError, match="eta"):
        train_nonlinear(w1, w2, x, y, activation="tanh", eta=-0.1, n_steps=1)
    with pytest.raises(ValueError, match="must be a finite"):
        train_nonlinear(w1 * np.nan, w2, x, y, activation="relu", eta=0.1, n_steps=1)
    with pytest.raises(ValueError, match="do not broadcast"):
        train_nonlinear(np.stack([w1] * 2), w2, np.stack([x] * 3), y, activation="relu", eta=0.1, n_steps=1)
