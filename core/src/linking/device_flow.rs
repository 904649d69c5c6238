//! The device authorization grant (RFC 8628) as a flow: [`Flows::start`] with
//! [`StartOptions::device`](super::StartOptions::device) asks the provider for a device code and
//! answers [`FlowStep::Device`] (the user code, the verification URI); [`Flows::status`] polls
//! the token endpoint when the interval has passed and ends the flow exactly as a callback would:
//! a new account, a reauthorized one, or an abort.
//!
//! The device code is stored encrypted in its own table and a poll is claimed in one statement,
//! so the provider is asked at most once per interval whoever asks (the page, the CLI, several
//! instances); `slow_down` adds five seconds to the interval for good.

use std::time::Duration;

use super::abort::AbortReason;
use super::flow_record::FlowStage;
use super::flows::{FlowError, FlowStep, Flows, abort_reason_of};
use crate::clock::now_secs;
use crate::oauth::{DevicePoll, SLOW_DOWN_STEP, TokenError};
use crate::store::{AccountInputs, ApplicationCredential, DeviceFlow};

impl Flows {
    /// Starts a device authorization for `credential` and records the device flow.
    pub(super) async fn device(
        &self,
        flow_id: &str,
        credential: &ApplicationCredential,
        account_id: Option<&str>,
        inputs: &AccountInputs,
    ) -> Result<FlowStep, FlowError> {
        let engine = &self.engine;
        let domain = credential.domain.as_str();
        let implementation = match engine.resolve(credential, inputs).await {
            Ok(implementation) => implementation,
            Err(error) => {
                tracing::warn!(domain, %error, "oauth implementation unavailable");
                let reason = AbortReason::OauthImplementationUnavailable;
                return Ok(FlowStep::abort(Some(flow_id), domain, reason));
            }
        };
        if !implementation.supports_device_flow() {
            return Err(FlowError::NoDeviceFlow {
                domain: domain.to_owned(),
            });
        }
        let timeout = engine.config.authorize_url_timeout;
        let authorization =
            match tokio::time::timeout(timeout, implementation.device_authorization()).await {
                Err(_) => {
                    let reason = AbortReason::AuthorizeUrlTimeout;
                    return Ok(FlowStep::abort(Some(flow_id), domain, reason));
                }
                Ok(Err(error)) => {
                    tracing::warn!(domain, %error, "device authorization refused");
                    let reason = abort_reason_of(&error);
                    return Ok(FlowStep::abort(Some(flow_id), domain, reason));
                }
                Ok(Ok(authorization)) => authorization,
            };
        let now = now_secs();
        let interval = authorization.interval.as_secs();
        let expires_at = now + authorization.expires_in.as_secs();
        engine
            .store
            .insert_device_flow(&DeviceFlow {
                id: flow_id.to_owned(),
                domain: domain.to_owned(),
                credential_id: credential.id.clone(),
                account_id: account_id.map(str::to_owned),
                device_code: authorization.device_code.clone(),
                interval_secs: interval,
                next_poll_at: now + interval,
                inputs: inputs.clone(),
                created_at: now,
                expires_at,
            })
            .await?;
        let step = FlowStep::Device {
            flow_id: flow_id.to_owned(),
            domain: domain.to_owned(),
            user_code: authorization.user_code,
            verification_uri: authorization.verification_uri,
            verification_uri_complete: authorization.verification_uri_complete,
            expires_at,
            interval,
        };
        // The public record outlives the code, so that asking after it expired says so.
        let keep_until = expires_at + engine.config.flow_ttl.as_secs();
        let stage = FlowStage::Device { step: step.clone() };
        self.save_stage_until(flow_id, domain, &stage, keep_until)
            .await?;
        tracing::info!(domain, flow = flow_id, "device authorization started");
        Ok(step)
    }

    /// Polls the provider for device flow `flow_id` when a poll is due; `step` is its waiting
    /// step, answered while the user has not decided.
    pub(super) async fn poll_device(
        &self,
        flow_id: &str,
        step: FlowStep,
    ) -> Result<FlowStep, FlowError> {
        let engine = &self.engine;
        let Some(device) = engine.store.claim_device_poll(flow_id).await? else {
            return Ok(step);
        };
        let domain = device.domain.as_str();
        if now_secs() >= device.expires_at {
            return self
                .end_device(&device, device_expired(flow_id, domain))
                .await;
        }
        let credential = engine.credentials.get(&device.credential_id).await.ok();
        let Some(credential) = credential else {
            let reason = AbortReason::MissingCredentials;
            let abort = FlowStep::abort(Some(flow_id), domain, reason);
            return self.end_device(&device, abort).await;
        };
        let implementation = match engine.resolve(&credential, &device.inputs).await {
            Ok(implementation) => implementation,
            Err(error) => {
                // Perhaps passing (a discovery that failed): the next poll tries again.
                tracing::warn!(domain, %error, "device flow: oauth implementation unavailable");
                return Ok(step);
            }
        };
        let timeout = engine.config.token_timeout;
        let poll = tokio::time::timeout(timeout, implementation.poll_device(&device.device_code))
            .await
            .unwrap_or(DevicePoll::Failed(TokenError::Timeout { after: timeout }));
        let end = match poll {
            DevicePoll::Pending => return Ok(step),
            DevicePoll::SlowDown => {
                let seconds = SLOW_DOWN_STEP.as_secs();
                engine.store.slow_down_device_flow(flow_id, seconds).await?;
                tracing::info!(domain, flow = flow_id, "device flow: slowing down");
                return Ok(slowed(step, SLOW_DOWN_STEP));
            }
            DevicePoll::Failed(error) if !ends_device_flow(&error) => {
                tracing::info!(domain, %error, "device flow: poll failed, trying again later");
                return Ok(step);
            }
            DevicePoll::Token(token) => {
                if engine.store.take_device_flow(flow_id).await?.is_none() {
                    return Ok(step); // another caller ended it: its status says how
                }
                // The account and the flow's final step are one commit.
                let (step, _recorded) = match device.account_id.as_deref() {
                    Some(account_id) => {
                        self.reauthorized(flow_id, account_id, &credential, &token, &device.inputs)
                            .await?
                    }
                    None => {
                        let name = implementation.name();
                        self.link(flow_id, &credential, name, token, device.inputs.clone())
                            .await?
                    }
                };
                tracing::info!(domain, flow = flow_id, "device flow ended");
                return Ok(step);
            }
            DevicePoll::Denied => FlowStep::abort_with(
                flow_id,
                domain,
                AbortReason::UserRejectedAuthorize,
                "(access_denied)",
                &[("error", "access_denied")],
            ),
            DevicePoll::Expired => device_expired(flow_id, domain),
            DevicePoll::Failed(error) => {
                tracing::warn!(domain, %error, "device flow: the provider refused the poll");
                FlowStep::abort(Some(flow_id), domain, abort_reason_of(&error))
            }
        };
        self.end_device(&device, end).await
    }

    /// Ends a device flow without an account.
    async fn end_device(&self, device: &DeviceFlow, step: FlowStep) -> Result<FlowStep, FlowError> {
        self.engine.store.take_device_flow(&device.id).await?;
        self.finish_device(&device.id, &device.domain, step).await
    }

    /// Records the final step of a device flow under its public id.
    async fn finish_device(
        &self,
        flow_id: &str,
        domain: &str,
        step: FlowStep,
    ) -> Result<FlowStep, FlowError> {
        tracing::info!(domain, flow = flow_id, abort = ?step.abort_reason(), "device flow ended");
        let stage = FlowStage::Done { step: step.clone() };
        let record = self.stage_record(flow_id, domain, &stage);
        self.engine.store.record_flow(&record).await?;
        Ok(step)
    }

    /// Waits for device flow `flow_id` to end, asking [`status`](Self::status) every second (the
    /// provider itself is polled at its interval): its final step. For a command line that shows
    /// the code and waits.
    pub async fn wait_device(&self, flow_id: &str) -> Result<FlowStep, FlowError> {
        loop {
            match self.status(flow_id).await? {
                FlowStep::Device { .. } => tokio::time::sleep(Duration::from_secs(1)).await,
                step => return Ok(step),
            }
        }
    }
}

/// The abort of a device code that expired before the user approved it.
fn device_expired(flow_id: &str, domain: &str) -> FlowStep {
    FlowStep::abort_with(
        flow_id,
        domain,
        AbortReason::OauthTimeout,
        "(the code expired before it was approved; start again)",
        &[("error", "expired_token")],
    )
}

/// Whether a failed poll ends the flow: a refusal or an unusable answer does; a busy or silent
/// server is asked again at the next interval.
fn ends_device_flow(error: &TokenError) -> bool {
    matches!(
        error,
        TokenError::Rejected { .. } | TokenError::Malformed { .. }
    )
}

/// The waiting step with the interval grown by `step`.
fn slowed(step: FlowStep, by: Duration) -> FlowStep {
    match step {
        FlowStep::Device {
            flow_id,
            domain,
            user_code,
            verification_uri,
            verification_uri_complete,
            expires_at,
            interval,
        } => FlowStep::Device {
            flow_id,
            domain,
            user_code,
            verification_uri,
            verification_uri_complete,
            expires_at,
            interval: interval + by.as_secs(),
        },
        step => step,
    }
}
