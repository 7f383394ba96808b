-- schema/security.sql: what the database enforces, emitted from a database with every migration applied.
-- Do not edit: run `npm run security:emit` and commit the result (a test fails while it is stale).
-- PostgreSQL 18 (the embedded server's)

-- Row-level security per table

-- access_log: enabled, forced (the owner too)
-- agency: DISABLED
-- app_user: DISABLED
-- case_event: enabled, forced (the owner too)
-- case_incident: enabled, forced (the owner too)
-- case_reference_counter: DISABLED
-- case_review: enabled, forced (the owner too)
-- consent_withdrawal: enabled, forced (the owner too)
-- contact: enabled, forced (the owner too)
-- erasure: enabled, forced (the owner too)
-- hub_secret: enabled, forced (the owner too)
-- incident: enabled, forced (the owner too)
-- incident_revision: enabled, forced (the owner too)
-- information_request: enabled, forced (the owner too)
-- letter_template: enabled, forced (the owner too)
-- letterhead: enabled, forced (the owner too)
-- panel: enabled, forced (the owner too)
-- panel_member: enabled, forced (the owner too)
-- partnership: DISABLED
-- partnership_agency: DISABLED
-- partnership_independent_chair: DISABLED
-- person: enabled, forced (the owner too)
-- rate_limit: enabled, forced (the owner too)
-- recommendation: enabled, forced (the owner too)
-- reminder_sent: enabled, forced (the owner too)
-- retention_policy: enabled, forced (the owner too)
-- review_prompt: enabled, forced (the owner too)
-- risk_assessment: enabled, forced (the owner too)
-- risk_scheme: enabled, forced (the owner too)
-- victim_involvement: enabled, forced (the owner too)

-- Policies

CREATE POLICY access_log_owner ON access_log AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY access_log_read ON access_log AS PERMISSIVE FOR SELECT TO hub_app
  USING ((( SELECT hub_has_role('AUDITOR'::text) AS hub_has_role) AND
CASE
    WHEN (case_id IS NOT NULL) THEN (EXISTS ( SELECT 1
       FROM hub_case_scope c
      WHERE ((c.case_id = access_log.case_id) AND (c.partnership_id = ANY (( SELECT hub_audit_partnership_ids() AS hub_audit_partnership_ids)::uuid[])))))
    ELSE (EXISTS ( SELECT 1
       FROM (app_user u
         JOIN partnership_agency pa ON ((pa.agency_id = u.agency_id)))
      WHERE ((u.id = access_log.actor_id) AND (pa.partnership_id = ANY (( SELECT hub_audit_partnership_ids() AS hub_audit_partnership_ids)::uuid[])))))
END));

CREATE POLICY access_log_subject ON access_log AS PERMISSIVE FOR SELECT TO hub_app
  USING (((entity_ids && ( SELECT hub_subject_person_ids() AS hub_subject_person_ids)) OR (entity_ids && ( SELECT hub_subject_incident_ids() AS hub_subject_incident_ids)) OR (entity_ids && ( SELECT hub_subject_case_ids() AS hub_subject_case_ids)) OR ((entity = 'InformationRequest'::text) AND (case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])))));

CREATE POLICY case_event_hub_app ON case_event AS PERMISSIVE FOR ALL TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = case_event.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])) OR (( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role) AND hub_case_addressed(c.case_id)))))))
  WITH CHECK ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = case_event.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])) OR (( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role) AND hub_case_addressed(c.case_id)))))));

CREATE POLICY case_event_owner ON case_event AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY case_event_subject ON case_event AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY case_incident_hub_app ON case_incident AS PERMISSIVE FOR ALL TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = case_incident.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))))
  WITH CHECK (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = case_incident.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) AND (incident_id = ANY (hub_linkable_incident_ids(case_id, ARRAY[incident_id])))));

CREATE POLICY case_incident_owner ON case_incident AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY case_incident_subject ON case_incident AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY case_review_hub_app ON case_review AS PERMISSIVE FOR ALL TO hub_app
  USING (((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])) OR (( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role) AND hub_case_addressed(id))))
  WITH CHECK (((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])) OR (( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role) AND hub_case_addressed(id))));

CREATE POLICY case_review_owner ON case_review AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY case_review_subject ON case_review AS PERMISSIVE FOR SELECT TO hub_app
  USING ((id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY consent_withdrawal_hub_app ON consent_withdrawal AS PERMISSIVE FOR ALL TO hub_app
  USING ((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])))
  WITH CHECK ((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])));

CREATE POLICY consent_withdrawal_owner ON consent_withdrawal AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY contact_owner ON contact AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY contact_read ON contact AS PERMISSIVE FOR SELECT TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = contact.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR ((c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])) AND (c.consent_active OR (EXISTS ( SELECT 1
           FROM partnership p
          WHERE ((p.id = c.partnership_id) AND (p.lead_agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))))))))));

CREATE POLICY contact_record ON contact AS PERMISSIVE FOR INSERT TO hub_app
  WITH CHECK (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = contact.case_id) AND (c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[]))))) AND (by_id = hub_user_id())));

CREATE POLICY contact_subject ON contact AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY erasure_owner ON erasure AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY hub_secret_owner ON hub_secret AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY incident_hub_app ON incident AS PERMISSIVE FOR ALL TO hub_app
  USING (((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) OR (EXISTS ( SELECT 1
   FROM hub_case_incident_scope s
  WHERE ((s.incident_id = incident.id) AND s.consent_active AND ((s.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (s.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) OR (id = ANY (( SELECT hub_all_candidate_incident_ids() AS hub_all_candidate_incident_ids)::uuid[]))))
  WITH CHECK ((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)));

CREATE POLICY incident_owner ON incident AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY incident_subject ON incident AS PERMISSIVE FOR SELECT TO hub_app
  USING ((id = ANY (( SELECT hub_subject_incident_ids() AS hub_subject_incident_ids)::uuid[])));

CREATE POLICY incident_revision_hub_app ON incident_revision AS PERMISSIVE FOR ALL TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_incident_scope i
  WHERE ((i.incident_id = incident_revision.incident_id) AND (i.agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))))
  WITH CHECK ((EXISTS ( SELECT 1
   FROM hub_incident_scope i
  WHERE ((i.incident_id = incident_revision.incident_id) AND (i.agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))));

CREATE POLICY incident_revision_owner ON incident_revision AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY incident_revision_subject ON incident_revision AS PERMISSIVE FOR SELECT TO hub_app
  USING ((incident_id = ANY (( SELECT hub_subject_incident_ids() AS hub_subject_incident_ids)::uuid[])));

CREATE POLICY information_request_hub_app ON information_request AS PERMISSIVE FOR ALL TO hub_app
  USING (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = information_request.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) OR ((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) AND ( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role))))
  WITH CHECK (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = information_request.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) OR ((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) AND ( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role))));

CREATE POLICY information_request_owner ON information_request AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY information_request_subject ON information_request AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY letter_template_insert ON letter_template AS PERMISSIVE FOR INSERT TO hub_app
  WITH CHECK (((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) AND (updated_by_id = hub_user_id())));

CREATE POLICY letter_template_owner ON letter_template AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY letter_template_read ON letter_template AS PERMISSIVE FOR SELECT TO hub_app
  USING (((EXISTS ( SELECT 1
   FROM partnership_agency pa
  WHERE ((pa.partnership_id = letter_template.partnership_id) AND (pa.agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))) OR ( SELECT hub_has_role('ADMIN'::text) AS hub_has_role)));

CREATE POLICY letter_template_reset ON letter_template AS PERMISSIVE FOR DELETE TO hub_app
  USING ((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])));

CREATE POLICY letter_template_update ON letter_template AS PERMISSIVE FOR UPDATE TO hub_app
  USING ((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])))
  WITH CHECK (((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) AND (updated_by_id = hub_user_id())));

CREATE POLICY letterhead_insert ON letterhead AS PERMISSIVE FOR INSERT TO hub_app
  WITH CHECK (((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) AND (updated_by_id = hub_user_id())));

CREATE POLICY letterhead_owner ON letterhead AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY letterhead_read ON letterhead AS PERMISSIVE FOR SELECT TO hub_app
  USING (((EXISTS ( SELECT 1
   FROM partnership_agency pa
  WHERE ((pa.partnership_id = letterhead.partnership_id) AND (pa.agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))) OR ( SELECT hub_has_role('ADMIN'::text) AS hub_has_role)));

CREATE POLICY letterhead_update ON letterhead AS PERMISSIVE FOR UPDATE TO hub_app
  USING ((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])))
  WITH CHECK (((partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) AND (updated_by_id = hub_user_id())));

CREATE POLICY panel_hub_app ON panel AS PERMISSIVE FOR ALL TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = panel.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))))
  WITH CHECK ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = panel.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))));

CREATE POLICY panel_owner ON panel AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY panel_subject ON panel AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY panel_member_hub_app ON panel_member AS PERMISSIVE FOR ALL TO hub_app
  USING (((user_id = ( SELECT hub_user_id() AS hub_user_id)) OR (EXISTS ( SELECT 1
   FROM hub_panel_scope p
  WHERE ((p.panel_id = panel_member.panel_id) AND ((p.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (p.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[]))))
 OFFSET 0))))
  WITH CHECK ((((user_id = ( SELECT hub_user_id() AS hub_user_id)) OR (EXISTS ( SELECT 1
   FROM hub_panel_scope p
  WHERE ((p.panel_id = panel_member.panel_id) AND ((p.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (p.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[]))))
 OFFSET 0))) AND hub_panel_seat_allowed(panel_id, user_id, is_chair)));

CREATE POLICY panel_member_owner ON panel_member AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY panel_member_subject ON panel_member AS PERMISSIVE FOR SELECT TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_panel_scope p
  WHERE ((p.panel_id = panel_member.panel_id) AND (p.case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[]))))));

CREATE POLICY person_hub_app ON person AS PERMISSIVE FOR ALL TO hub_app
  USING (((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) OR (EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.victim_id = person.id) AND c.consent_active AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])) OR (( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role) AND hub_case_addressed(c.case_id)))))) OR (EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.applicant_id = person.id) AND c.consent_active AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) OR (EXISTS ( SELECT 1
   FROM (hub_incident_scope i
     JOIN hub_case_incident_scope s ON ((s.incident_id = i.incident_id)))
  WHERE ((i.reporter_id = person.id) AND s.consent_active AND ((s.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (s.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) OR (EXISTS ( SELECT 1
   FROM hub_incident_scope i
  WHERE ((i.reporter_id = person.id) AND (i.incident_id = ANY (( SELECT hub_all_candidate_incident_ids() AS hub_all_candidate_incident_ids)::uuid[])))))))
  WITH CHECK ((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)));

CREATE POLICY person_owner ON person AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY person_subject ON person AS PERMISSIVE FOR SELECT TO hub_app
  USING ((id = ANY (( SELECT hub_subject_person_ids() AS hub_subject_person_ids)::uuid[])));

CREATE POLICY rate_limit_owner ON rate_limit AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY recommendation_hub_app ON recommendation AS PERMISSIVE FOR ALL TO hub_app
  USING (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = recommendation.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) OR ((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) AND ( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role))))
  WITH CHECK (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = recommendation.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) OR ((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) AND ( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role))));

CREATE POLICY recommendation_owner ON recommendation AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY recommendation_subject ON recommendation AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY reminder_sent_owner ON reminder_sent AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY retention_policy_insert ON retention_policy AS PERMISSIVE FOR INSERT TO hub_app
  WITH CHECK ((( SELECT hub_has_role('ADMIN'::text) AS hub_has_role) OR (( SELECT hub_has_role('DATA_PROTECTION_OFFICER'::text) AS hub_has_role) AND (EXISTS ( SELECT 1
   FROM partnership p
  WHERE ((p.id = retention_policy.partnership_id) AND (p.lead_agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))))));

CREATE POLICY retention_policy_owner ON retention_policy AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY retention_policy_read ON retention_policy AS PERMISSIVE FOR SELECT TO hub_app
  USING ((( SELECT hub_has_role('ADMIN'::text) AS hub_has_role) OR (EXISTS ( SELECT 1
   FROM partnership_agency pa
  WHERE ((pa.partnership_id = retention_policy.partnership_id) AND (pa.agency_id = ( SELECT hub_agency_id() AS hub_agency_id)))))));

CREATE POLICY retention_policy_update ON retention_policy AS PERMISSIVE FOR UPDATE TO hub_app
  USING ((( SELECT hub_has_role('ADMIN'::text) AS hub_has_role) OR (( SELECT hub_has_role('DATA_PROTECTION_OFFICER'::text) AS hub_has_role) AND (EXISTS ( SELECT 1
   FROM partnership p
  WHERE ((p.id = retention_policy.partnership_id) AND (p.lead_agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))))))
  WITH CHECK ((( SELECT hub_has_role('ADMIN'::text) AS hub_has_role) OR (( SELECT hub_has_role('DATA_PROTECTION_OFFICER'::text) AS hub_has_role) AND (EXISTS ( SELECT 1
   FROM partnership p
  WHERE ((p.id = retention_policy.partnership_id) AND (p.lead_agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))))));

CREATE POLICY review_prompt_hub_app ON review_prompt AS PERMISSIVE FOR ALL TO hub_app
  USING (((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) AND (( SELECT hub_has_role('CONTRIBUTOR'::text) AS hub_has_role) OR ( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role))))
  WITH CHECK (((agency_id = ( SELECT hub_agency_id() AS hub_agency_id)) AND (( SELECT hub_has_role('CONTRIBUTOR'::text) AS hub_has_role) OR ( SELECT hub_has_role('RESPONDER'::text) AS hub_has_role))));

CREATE POLICY review_prompt_owner ON review_prompt AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY risk_assessment_hub_app_add ON risk_assessment AS PERMISSIVE FOR INSERT TO hub_app
  WITH CHECK (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = risk_assessment.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))) AND (assessed_by_id = ( SELECT hub_user_id() AS hub_user_id)) AND (agency_id = ( SELECT hub_agency_id() AS hub_agency_id))));

CREATE POLICY risk_assessment_hub_app_read ON risk_assessment AS PERMISSIVE FOR SELECT TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = risk_assessment.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR (c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])))))));

CREATE POLICY risk_assessment_owner ON risk_assessment AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY risk_assessment_subject ON risk_assessment AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY risk_scheme_hub_app ON risk_scheme AS PERMISSIVE FOR SELECT TO hub_app
  USING (true);

CREATE POLICY risk_scheme_owner ON risk_scheme AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY victim_involvement_insert ON victim_involvement AS PERMISSIVE FOR INSERT TO hub_app
  WITH CHECK (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = victim_involvement.case_id) AND (c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[]))))) AND (updated_by_id = hub_user_id())));

CREATE POLICY victim_involvement_owner ON victim_involvement AS PERMISSIVE FOR ALL TO CURRENT_USER
  USING (true)
  WITH CHECK (true);

CREATE POLICY victim_involvement_read ON victim_involvement AS PERMISSIVE FOR SELECT TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = victim_involvement.case_id) AND ((c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[])) OR ((c.case_id = ANY (( SELECT hub_panel_case_ids() AS hub_panel_case_ids)::uuid[])) AND (c.consent_active OR (EXISTS ( SELECT 1
           FROM partnership p
          WHERE ((p.id = c.partnership_id) AND (p.lead_agency_id = ( SELECT hub_agency_id() AS hub_agency_id))))))))))));

CREATE POLICY victim_involvement_subject ON victim_involvement AS PERMISSIVE FOR SELECT TO hub_app
  USING ((case_id = ANY (( SELECT hub_subject_case_ids() AS hub_subject_case_ids)::uuid[])));

CREATE POLICY victim_involvement_update ON victim_involvement AS PERMISSIVE FOR UPDATE TO hub_app
  USING ((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = victim_involvement.case_id) AND (c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[]))))))
  WITH CHECK (((EXISTS ( SELECT 1
   FROM hub_case_scope c
  WHERE ((c.case_id = victim_involvement.case_id) AND (c.partnership_id = ANY (( SELECT hub_cst_partnership_ids() AS hub_cst_partnership_ids)::uuid[]))))) AND (updated_by_id = hub_user_id())));

-- Views (the policies read the case graph through these; the hub reads the access log through access_log_entry)

-- owner: CURRENT_USER
CREATE VIEW access_log_entry WITH (security_invoker=true) AS
 SELECT l.id,
    e.n::integer AS n,
    l.at,
    l.actor_id,
    l.action,
    l.entity,
    e.entity_id,
    l.case_id,
    l.lawful_basis,
    l.entity_ids
   FROM access_log l
     CROSS JOIN LATERAL unnest(l.entity_ids) WITH ORDINALITY e(entity_id, n);

-- owner: hub_security
CREATE VIEW hub_case_incident_scope AS
 SELECT ci.incident_id,
    ci.case_id,
    c.partnership_id,
    c.consent_withdrawn_at,
    c.consent_withdrawn_at IS NULL AND NOT c.consent_awaiting_confirmation AS consent_active
   FROM case_incident ci
     JOIN case_review c ON c.id = ci.case_id;

-- owner: hub_security
CREATE VIEW hub_case_scope AS
 SELECT id AS case_id,
    partnership_id,
    victim_id,
    applicant_id,
    consent_withdrawn_at,
    consent_withdrawn_at IS NULL AND NOT consent_awaiting_confirmation AS consent_active
   FROM case_review;

-- owner: hub_security
CREATE VIEW hub_incident_scope AS
 SELECT id AS incident_id,
    agency_id,
    reporter_id
   FROM incident;

-- owner: hub_security
CREATE VIEW hub_panel_scope AS
 SELECT p.id AS panel_id,
    p.case_id,
    c.partnership_id
   FROM panel p
     JOIN case_review c ON c.id = p.case_id;

-- Triggers (the functions they run are below)

CREATE TRIGGER access_log_basis_required BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION hub_access_log_basis_required();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER access_log_no_update_delete BEFORE DELETE OR UPDATE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER case_review_consent_awaits BEFORE INSERT ON case_review FOR EACH ROW EXECUTE FUNCTION hub_case_consent_awaits();
CREATE TRIGGER partnership_risk_scheme AFTER INSERT ON partnership FOR EACH ROW EXECUTE FUNCTION hub_seed_risk_scheme();

-- Functions

-- owner: CURRENT_USER
CREATE OR REPLACE FUNCTION public.access_log_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
            BEGIN
              RAISE EXCEPTION 'access_log is append-only' USING ERRCODE = 'insufficient_privilege';
            END $function$;

-- owner: CURRENT_USER
CREATE OR REPLACE FUNCTION public.hub_access_log_basis_required()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        IF NEW.lawful_basis IS NULL THEN RAISE EXCEPTION 'every access-log entry needs its lawful basis' USING ERRCODE = 'not_null_violation'; END IF;
        RETURN NEW;
      END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_access_log_chain(after_lane smallint, after_id bigint, lim integer)
 RETURNS TABLE(lane smallint, id bigint, at text, actor_id uuid, action text, entity text, entity_ids text, case_id uuid, lawful_basis text, hash text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  BEGIN
    IF NOT hub_has_role('AUDITOR') THEN RETURN; END IF;
    RETURN QUERY SELECT l.lane, l.id, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), l.actor_id, l.action, l.entity,
                        array_to_string(l.entity_ids, ','), l.case_id, l.lawful_basis, l.hash
      FROM access_log l WHERE (l.lane, l.id) > (after_lane, after_id) ORDER BY l.lane, l.id LIMIT lim;
  END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_addressed_case_ids()
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ SELECT coalesce(array_agg(DISTINCT x.case_id), '{}') FROM (
          SELECT case_id, agency_id FROM information_request UNION ALL SELECT case_id, agency_id FROM recommendation) x
        JOIN app_user u ON u.agency_id = x.agency_id
        WHERE u.id = hub_user_id() AND 'RESPONDER' = ANY (u.roles::text[]) $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_agency_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
        DECLARE
          caller uuid := hub_user_id();
          cached text := current_setting('hub.cache_agency_id', true);
          answer uuid;
        BEGIN
          IF caller IS NULL THEN RETURN (SELECT agency_id FROM app_user WHERE id = caller); END IF;
          IF cached LIKE caller::text || '|%' THEN
            RETURN nullif(substr(cached, 38), '')::uuid;
          END IF;
          answer := (SELECT agency_id FROM app_user WHERE id = caller);
          PERFORM set_config('hub.cache_agency_id', caller::text || '|' || coalesce(answer::text, ''), true);
          RETURN answer;
        END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_all_candidate_incident_ids()
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ SELECT coalesce(array_agg(i.id ORDER BY i.reported_at DESC, i.id DESC), '{}')
     FROM case_review c
     JOIN person v ON v.id = c.victim_id
     JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
     JOIN incident i ON i.agency_id = pa.agency_id
     JOIN person r ON r.id = i.reporter_id
    WHERE true
      AND (c.consent_withdrawn_at IS NULL AND NOT c.consent_awaiting_confirmation)
      AND c.partnership_id = ANY (hub_cst_partnership_ids())
      AND r.name_key = v.name_key
      AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key)
      AND NOT EXISTS (SELECT 1 FROM case_incident ci WHERE ci.case_id = c.id AND ci.incident_id = i.id) $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_append_access_log(actions text[], entities text[], entity_ids uuid[], case_ids uuid[], bases text[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  DECLARE
    actor uuid := hub_user_id();
    my_lane smallint := pg_backend_pid() % 8;
    stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    head_hash text;
    r record;
  BEGIN
    IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for the access log'; END IF;
    IF EXISTS (SELECT 1 FROM unnest(bases) b WHERE b IS NULL) OR cardinality(bases) IS DISTINCT FROM cardinality(actions) THEN
      RAISE EXCEPTION 'every access-log entry needs its lawful basis';
    END IF;
    -- Held to the commit that follows at once; each statement here takes a fresh snapshot,
    -- so the lane's head read after the lock is its latest.
    PERFORM pg_advisory_xact_lock(740921001, my_lane);
    SELECT l.hash INTO head_hash FROM access_log l WHERE l.lane = my_lane ORDER BY l.id DESC LIMIT 1;
    head_hash := coalesce(head_hash, '');
    -- One row per (action, entity, case, basis), in the order of each group's first disclosure.
    FOR r IN
      SELECT e.action, e.entity, e.case_id, e.basis, array_agg(e.entity_id ORDER BY e.n) AS ids
        FROM unnest(actions, entities, entity_ids, case_ids, bases) WITH ORDINALITY AS e(action, entity, entity_id, case_id, basis, n)
       GROUP BY e.action, e.entity, e.case_id, e.basis
       ORDER BY min(e.n)
    LOOP
      head_hash := encode(sha256(convert_to(head_hash || '|' || stamp || '|' || actor || '|' || r.action || '|' || r.entity || '|' ||
        array_to_string(r.ids, ',') || '|' || coalesce(r.case_id::text, '') || '|' || r.basis, 'UTF8')), 'hex');
      INSERT INTO access_log (lane, at, actor_id, action, entity, entity_ids, case_id, lawful_basis, hash)
        VALUES (my_lane, now(), actor, r.action, r.entity, r.ids, r.case_id, r.basis, head_hash);
    END LOOP;
  END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_attach_incidents(for_request uuid, ids uuid[])
 RETURNS uuid[]
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
      DECLARE
        req information_request;
        accepted uuid[];
      BEGIN
        SELECT * INTO req FROM information_request r WHERE r.id = for_request;
        IF NOT FOUND OR NOT hub_has_role('RESPONDER') OR req.agency_id IS DISTINCT FROM hub_agency_id() THEN RETURN '{}'; END IF;
        SELECT coalesce(array_agg(i.id), '{}') INTO accepted
          FROM incident i JOIN case_review c ON c.id = req.case_id
         WHERE i.id = ANY (ids) AND i.agency_id = req.agency_id AND (c.consent_withdrawn_at IS NULL AND NOT c.consent_awaiting_confirmation) AND NOT EXISTS (SELECT 1 FROM person r JOIN consent_withdrawal w
      ON w.partnership_id = c.partnership_id AND w.name_key = r.name_key AND (w.date_of_birth = r.date_of_birth OR w.postcode_key = r.postcode_key)
   WHERE r.id = i.reporter_id)
           AND EXISTS (SELECT 1 FROM partnership_agency pa WHERE pa.partnership_id = c.partnership_id AND pa.agency_id = i.agency_id);
        IF cardinality(accepted) < (SELECT count(DISTINCT x) FROM unnest(ids) x) THEN RETURN accepted; END IF;
        UPDATE information_request r SET attached_incident_ids = ARRAY(SELECT DISTINCT x FROM unnest(r.attached_incident_ids || accepted) x)
         WHERE r.id = for_request;
        INSERT INTO case_incident (case_id, incident_id, linked_by_id)
        SELECT req.case_id, x, hub_user_id() FROM unnest(accepted) x ON CONFLICT DO NOTHING;
        RETURN accepted;
      END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_audit_partnership_ids()
 RETURNS uuid[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ BEGIN RETURN (
      SELECT coalesce(array_agg(pa.partnership_id), '{}') FROM app_user u JOIN partnership_agency pa ON pa.agency_id = u.agency_id
       WHERE u.id = hub_user_id() AND 'AUDITOR' = ANY (u.roles::text[])); END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_caller_roles()
 RETURNS text[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
        DECLARE
          caller uuid := hub_user_id();
          cached text := current_setting('hub.cache_roles', true);
          answer text[];
        BEGIN
          IF caller IS NULL THEN RETURN (SELECT coalesce((SELECT roles::text[] FROM app_user WHERE id = caller), '{}')); END IF;
          IF cached LIKE caller::text || '|%' THEN
            RETURN nullif(substr(cached, 38), '')::text[];
          END IF;
          answer := (SELECT coalesce((SELECT roles::text[] FROM app_user WHERE id = caller), '{}'));
          PERFORM set_config('hub.cache_roles', caller::text || '|' || coalesce(answer::text, ''), true);
          RETURN answer;
        END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_candidate_incident_ids(for_case uuid)
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ SELECT coalesce(array_agg(i.id ORDER BY i.reported_at DESC, i.id DESC), '{}')
     FROM case_review c
     JOIN person v ON v.id = c.victim_id
     JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
     JOIN incident i ON i.agency_id = pa.agency_id
     JOIN person r ON r.id = i.reporter_id
    WHERE c.id = for_case
      AND (c.consent_withdrawn_at IS NULL AND NOT c.consent_awaiting_confirmation)
      AND c.partnership_id = ANY (hub_cst_partnership_ids())
      AND r.name_key = v.name_key
      AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key)
      AND NOT EXISTS (SELECT 1 FROM case_incident ci WHERE ci.case_id = c.id AND ci.incident_id = i.id) $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_case_addressed(for_case uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
      DECLARE my_agency uuid := hub_agency_id();
      BEGIN
        RETURN EXISTS (SELECT 1 FROM recommendation r WHERE r.case_id = for_case AND r.agency_id = my_agency)
            OR EXISTS (SELECT 1 FROM information_request ir WHERE ir.case_id = for_case AND ir.agency_id = my_agency);
      END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_case_consent_awaits()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
      BEGIN
        IF EXISTS (SELECT 1 FROM person v JOIN consent_withdrawal w
                     ON w.partnership_id = NEW.partnership_id AND w.name_key = v.name_key
                    AND (w.date_of_birth = v.date_of_birth OR w.postcode_key = v.postcode_key)
                    WHERE v.id = NEW.victim_id) THEN
          NEW.consent_awaiting_confirmation := true;
        END IF;
        RETURN NEW;
      END $function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_case_past_retention(for_case uuid, today date)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  SELECT coalesce((
    SELECT ((max(ev.at) AT TIME ZONE 'Europe/London')::date + make_interval(years => (hub_retention_years(c.partnership_id)).case_years))::date <= today
      FROM case_review c JOIN case_event ev ON ev.case_id = c.id AND ev.type = c.status::text
     WHERE c.id = for_case AND c.status::text IN ('CLOSED', 'WITHDRAWN')
     GROUP BY c.partnership_id), false)
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_case_references(ids uuid[])
 RETURNS TABLE(id uuid, partnership_id uuid, reference text, status text, received_at timestamp with time zone, channel text, relationship text, consent_given_at timestamp with time zone, consent_channel text, consent_withdrawn_at timestamp with time zone, version integer)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT c.id, c.partnership_id, c.reference, c.status::text, c.received_at, c.channel::text, c.relationship::text,
         NULL::timestamptz, NULL::text, NULL::timestamptz, c.version
    FROM case_review c WHERE c.id = ANY (ids)
     AND ((hub_has_role('AUDITOR') AND c.partnership_id = ANY (hub_audit_partnership_ids()))
          OR (hub_has_role('DATA_PROTECTION_OFFICER') AND c.partnership_id = ANY (hub_dpo_partnership_ids())))
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_case_review_return(for_partnership uuid, labels text[], starts date[], ends date[], day_zero date, working_days_to integer[], attends text[])
 RETURNS TABLE(label text, start text, "end" text, received integer, not_met integer, reviewed integer, with_recs integer, by_channel jsonb, on_behalf integer, independent_chair integer, victim_attended integer, recs_made integer, recs_accepted integer, recs_declined integer, recs_completed integer, secondary integer, median_days double precision)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  WITH period AS (
    -- Each period's bounds as instants once, so the join with the cases compares timestamps (and can use the
    -- partnership's (received_at) index) instead of converting time zones for every pair.
    SELECT x.label, x.start, x.end_date, x.n,
           x.start::timestamp AT TIME ZONE 'Europe/London' AS from_at,
           (x.end_date + 1)::timestamp AT TIME ZONE 'Europe/London' AS until_at
      FROM unnest(labels, starts, ends) WITH ORDINALITY AS x(label, start, end_date, n)
  ),
  -- The recommendations of the partnership's cases in the periods, per case, in one grouped pass.
  recs AS MATERIALIZED (
    SELECT r.case_id, count(*) AS made,
           count(*) FILTER (WHERE r.status IN ('ACCEPTED', 'COMPLETED')) AS accepted,
           count(*) FILTER (WHERE r.status = 'DECLINED') AS declined,
           count(*) FILTER (WHERE r.status = 'COMPLETED') AS completed,
           bool_or(pn.round = 1) AS by_first_panel
      FROM case_review c
      JOIN recommendation r ON r.case_id = c.id
      JOIN panel pn ON pn.id = r.panel_id
     WHERE c.partnership_id = for_partnership
       AND c.received_at >= (SELECT min(from_at) FROM period) AND c.received_at < (SELECT max(until_at) FROM period)
     GROUP BY r.case_id
  ),
  application AS MATERIALIZED (
    SELECT p.n, c.channel::text AS channel,
           c.relationship <> 'SELF' AS on_behalf,
           c.threshold_met IS FALSE AS not_met,
           coalesce(c.threshold_met AND first_panel.reviewed_at IS NOT NULL, false) AS reviewed,
           coalesce(rec.by_first_panel, false) AS with_recs,
           coalesce(first_panel.independent_chair, false) AS independent_chair,
           coalesce(involvement.attendance::text = ANY (attends), false) AS victim_attended,
           c.secondary_review_requested_at IS NOT NULL AS secondary,
           coalesce(rec.made, 0) AS recs_made, coalesce(rec.accepted, 0) AS recs_accepted,
           coalesce(rec.declined, 0) AS recs_declined, coalesce(rec.completed, 0) AS recs_completed,
           working_days_to[(letter.on_date - day_zero) + 1]
             - working_days_to[((c.received_at AT TIME ZONE 'Europe/London')::date - day_zero) + 1] AS days_to_outcome
      FROM period p
      JOIN case_review c ON c.partnership_id = for_partnership AND c.received_at >= p.from_at AND c.received_at < p.until_at
      LEFT JOIN panel first_panel ON first_panel.case_id = c.id AND first_panel.round = 1
      LEFT JOIN victim_involvement involvement ON involvement.case_id = c.id
      LEFT JOIN recs rec ON rec.case_id = c.id
      LEFT JOIN LATERAL (
        SELECT (CASE WHEN c.secondary_review_requested_at IS NULL OR c.outcome_sent_at <= c.secondary_review_requested_at THEN c.outcome_sent_at
                     ELSE (SELECT min(CASE WHEN e.note ~ '^\d{4}-\d{2}-\d{2}T' THEN e.note::timestamptz END) FROM case_event e
                            WHERE e.case_id = c.id AND e.type = 'OUTCOME_SENT')
                END AT TIME ZONE 'Europe/London')::date AS on_date) letter ON true
  )
  SELECT p.label, p.start::text, p.end_date::text,
         count(a.n)::int,
         count(*) FILTER (WHERE a.not_met)::int,
         count(*) FILTER (WHERE a.reviewed)::int,
         count(*) FILTER (WHERE a.reviewed AND a.with_recs)::int,
         (SELECT coalesce(jsonb_object_agg(ch.channel, ch.k), '{}') FROM (
            SELECT a2.channel, count(*) AS k FROM application a2 WHERE a2.n = p.n GROUP BY a2.channel) ch),
         count(*) FILTER (WHERE a.on_behalf)::int,
         count(*) FILTER (WHERE a.reviewed AND a.independent_chair)::int,
         count(*) FILTER (WHERE a.reviewed AND a.victim_attended)::int,
         coalesce(sum(a.recs_made), 0)::int,
         coalesce(sum(a.recs_accepted), 0)::int,
         coalesce(sum(a.recs_declined), 0)::int,
         coalesce(sum(a.recs_completed), 0)::int,
         count(*) FILTER (WHERE a.secondary)::int,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a.days_to_outcome) FILTER (WHERE a.reviewed)
    FROM period p
    LEFT JOIN application a ON a.n = p.n
   GROUP BY p.n, p.label, p.start, p.end_date
   ORDER BY p.n
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_cst_partnership_ids()
 RETURNS uuid[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
        DECLARE
          caller uuid := hub_user_id();
          cached text := current_setting('hub.cache_cst_partnership_ids', true);
          answer uuid[];
        BEGIN
          IF caller IS NULL THEN RETURN (SELECT coalesce(array_agg(p.id), '{}') FROM app_user u JOIN partnership p ON p.lead_agency_id = u.agency_id
      WHERE u.id = caller AND 'CST_OFFICER' = ANY (u.roles::text[])); END IF;
          IF cached LIKE caller::text || '|%' THEN
            RETURN nullif(substr(cached, 38), '')::uuid[];
          END IF;
          answer := (SELECT coalesce(array_agg(p.id), '{}') FROM app_user u JOIN partnership p ON p.lead_agency_id = u.agency_id
      WHERE u.id = caller AND 'CST_OFFICER' = ANY (u.roles::text[]));
          PERFORM set_config('hub.cache_cst_partnership_ids', caller::text || '|' || coalesce(answer::text, ''), true);
          RETURN answer;
        END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_dpo_partnership_ids()
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT coalesce(array_agg(pa.partnership_id), '{}') FROM app_user u JOIN partnership_agency pa ON pa.agency_id = u.agency_id
   WHERE u.id = hub_user_id() AND 'DATA_PROTECTION_OFFICER' = ANY (u.roles::text[])
$function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_erase_past_retention(for_partnership uuid, for_person uuid, today date)
 RETURNS TABLE(entity text, entity_id uuid, case_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  DECLARE
    due_cases uuid[];
    case_people uuid[];
    due_incidents uuid[];
    due_person uuid[];
  BEGIN
    IF NOT hub_has_role('ADMIN') THEN
      RAISE EXCEPTION 'retention is applied by an administrator' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Taken before anything is read, so a second run over this person waits and then finds the first one's work.
    PERFORM pg_advisory_xact_lock(740921002);
    SELECT coalesce(array_agg(DISTINCT d.id), '{}'), coalesce(array_agg(DISTINCT p), '{}') INTO due_cases, case_people
      FROM (SELECT c.id, c.applicant_id, c.victim_id FROM case_review c
     WHERE c.partnership_id = for_partnership AND c.status::text IN ('CLOSED', 'WITHDRAWN') AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'CaseReview' AND e.entity_id = c.id)
       AND hub_case_past_retention(c.id, today) AND for_person IN (c.applicant_id, c.victim_id)) d CROSS JOIN LATERAL unnest(ARRAY[d.applicant_id, d.victim_id]) p;
    due_incidents := ARRAY(SELECT d.id FROM (SELECT i.id, i.reporter_id FROM partnership_agency pa JOIN incident i ON i.agency_id = pa.agency_id
     WHERE pa.partnership_id = for_partnership AND i.reported_at < (((today + 2) - make_interval(years => least(6, coalesce((SELECT min(least(case_years, incident_years)) FROM retention_policy), 6))))::timestamp AT TIME ZONE 'Europe/London') AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'Incident' AND e.entity_id = i.id)
       AND hub_incident_past_retention(i.id, today) AND i.reporter_id = for_person) d);
    due_person := CASE WHEN hub_person_past_retention(for_person, today) THEN ARRAY[for_person] ELSE '{}' END;
    RETURN QUERY SELECT * FROM hub_erase_records(due_person, due_incidents, due_cases, case_people, 'RETENTION', NULL);
  END $function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_erase_records(persons uuid[], incidents uuid[], cases uuid[], scrub_persons uuid[], erase_cause text, erase_reason text)
 RETURNS TABLE(entity text, entity_id uuid, case_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  DECLARE
    actor uuid := hub_user_id();
    p_ids uuid[];
    i_ids uuid[];
    c_ids uuid[];
    vals text[];
  BEGIN
    IF actor IS NULL THEN RAISE EXCEPTION 'no caller set for an erasure'; END IF;
    -- One erasure at a time: two runs over the same records wait for each other, and the second finds them in the ledger.
    PERFORM pg_advisory_xact_lock(740921002);
    p_ids := ARRAY(SELECT DISTINCT x FROM unnest(persons) x WHERE x IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'Person' AND e.entity_id = x));
    i_ids := ARRAY(SELECT DISTINCT x FROM unnest(incidents) x WHERE x IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'Incident' AND e.entity_id = x));
    c_ids := ARRAY(SELECT DISTINCT x FROM unnest(cases) x WHERE x IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'CaseReview' AND e.entity_id = x));
    -- The details of the people concerned, read before they are emptied: taken out of the cases' free text and the reason.
    vals := ARRAY(SELECT DISTINCT v FROM person p
                   CROSS JOIN LATERAL unnest(ARRAY[p.name, p.address, p.postcode, p.phone, p.email,
                                                   to_char(p.date_of_birth, 'YYYY-MM-DD'), to_char(p.date_of_birth, 'DD/MM/YYYY')]) v
                  WHERE p.id = ANY (scrub_persons || p_ids) AND v IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'Person' AND e.entity_id = p.id));

    UPDATE case_review c SET
        reported_incidents = (SELECT coalesce(jsonb_agg(hub_scrub_json(r, vals) || '{"details": null, "reportedToName": null}'::jsonb ORDER BY n), '[]'::jsonb)
                                FROM jsonb_array_elements(c.reported_incidents) WITH ORDINALITY AS x(r, n)),
        threshold_reason = hub_scrub_text(c.threshold_reason, vals),
        threshold_alternative_action = hub_scrub_text(c.threshold_alternative_action, vals),
        secondary_review_reason = hub_scrub_text(c.secondary_review_reason, vals)
      WHERE c.id = ANY (c_ids);
    UPDATE case_event ev SET note = hub_scrub_text(ev.note, vals) WHERE ev.case_id = ANY (c_ids) AND ev.note IS NOT NULL;
    UPDATE information_request r SET
        question = hub_scrub_text(r.question, vals),
        response_summary = hub_scrub_text(r.response_summary, vals),
        response_actions = CASE WHEN r.response_actions IS NULL THEN NULL
                                ELSE coalesce((SELECT array_agg(hub_scrub_text(a, vals) ORDER BY n) FROM unnest(r.response_actions) WITH ORDINALITY AS x(a, n)), '{}') END
      WHERE r.case_id = ANY (c_ids);
    UPDATE panel pn SET findings = hub_scrub_text(pn.findings, vals) WHERE pn.case_id = ANY (c_ids) AND pn.findings IS NOT NULL;
    UPDATE recommendation r SET
        text = hub_scrub_text(r.text, vals),
        response_reason = hub_scrub_text(r.response_reason, vals),
        completion_note = hub_scrub_text(r.completion_note, vals)
      WHERE r.case_id = ANY (c_ids);
    -- Contacts with the applicant and victim, and the victim's own account for the panel: emptied (DOMAIN.md).
    UPDATE contact ct SET summary = '' WHERE ct.case_id = ANY (c_ids);
    UPDATE victim_involvement vi SET statement = NULL, not_invited_reason = hub_scrub_text(vi.not_invited_reason, vals) WHERE vi.case_id = ANY (c_ids);
    -- The victim's answers to the risk assessment (health, vulnerability, self-harm); its level and score are figures and stay.
    UPDATE risk_assessment ra SET answers = '[]'::jsonb WHERE ra.case_id = ANY (c_ids);
    -- A withdrawal of consent is recorded against the victim's matching keys: they go with the case.
    UPDATE consent_withdrawal w SET name_key = 'erased', date_of_birth = NULL, postcode_key = NULL WHERE w.case_id = ANY (c_ids);

    -- An erased incident keeps its agency, reference, dates, category and version; its text and every
    -- earlier version's go. Its content hash goes too (it was taken over the content), so the agency
    -- sending the record again is an update, not "unchanged".
    UPDATE incident i SET summary = '', location = NULL, content_hash = 'erased:' || i.id::text WHERE i.id = ANY (i_ids);
    UPDATE incident_revision r SET content = r.content || jsonb_build_object(
        'summary', '', 'location', NULL,
        'reporter', jsonb_build_object('kind', r.content->'reporter'->'kind', 'name', 'Erased', 'dateOfBirth', NULL, 'address', NULL,
                                       'postcode', NULL, 'phone', NULL, 'email', NULL))
      WHERE r.incident_id = ANY (i_ids);
    UPDATE person p SET name = 'Erased', name_key = 'erased', date_of_birth = NULL, address = NULL, postcode = NULL, postcode_key = NULL,
                        phone = NULL, email = NULL
      WHERE p.id = ANY (p_ids);

    INSERT INTO erasure (entity, entity_id, cause, erased_by_id, reason)
    SELECT x.entity, x.id, erase_cause, actor, hub_scrub_text(erase_reason, vals)
      FROM (SELECT 'Person' AS entity, unnest(p_ids) AS id UNION ALL SELECT 'Incident', unnest(i_ids) UNION ALL SELECT 'CaseReview', unnest(c_ids)) x;
    RETURN QUERY SELECT 'Person'::text, x, NULL::uuid FROM unnest(p_ids) x
                 UNION ALL SELECT 'Incident'::text, x, NULL::uuid FROM unnest(i_ids) x
                 UNION ALL SELECT 'CaseReview'::text, x, x FROM unnest(c_ids) x;
  END $function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_erase_subject(anchor uuid, erase_reason text)
 RETURNS TABLE(entity text, entity_id uuid, case_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  DECLARE r record;
  BEGIN
    IF NOT hub_subject_in_reach(anchor) THEN
      RAISE EXCEPTION 'no such person within the caller''s reach' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO STRICT r FROM hub_subject_records(anchor);
    RETURN QUERY SELECT * FROM hub_erase_records(r.person_ids, r.incident_ids, r.case_ids, r.person_ids, 'REQUEST', erase_reason);
  END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_has_role(wanted text)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ BEGIN RETURN wanted = ANY (hub_caller_roles()); END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_incident_facts(ids uuid[])
 RETURNS TABLE(id uuid, agency_id uuid, reference text, occurred_at timestamp with time zone, reported_at timestamp with time zone, category text, version integer, reporter_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ SELECT i.id, i.agency_id, i.reference, i.occurred_at, i.reported_at, i.category::text, i.version, i.reporter_id
         FROM incident i
        WHERE i.id = ANY (ids)
          AND (i.agency_id = hub_agency_id()
               OR EXISTS (SELECT 1 FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
                           WHERE ci.incident_id = i.id
                             AND (c.partnership_id = ANY (hub_cst_partnership_ids()) OR c.id = ANY (hub_panel_case_ids())))) $function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_incident_past_retention(for_incident uuid, today date)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM case_incident ci WHERE ci.incident_id = i.id)
      THEN NOT EXISTS (SELECT 1 FROM case_incident ci WHERE ci.incident_id = i.id AND NOT hub_case_past_retention(ci.case_id, today))
    ELSE ((i.reported_at AT TIME ZONE 'Europe/London')::date + make_interval(years => coalesce(
            (SELECT max((hub_retention_years(pa.partnership_id)).incident_years) FROM partnership_agency pa WHERE pa.agency_id = i.agency_id), 6)))::date <= today
    END
    FROM incident i WHERE i.id = for_incident
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_linkable_incident_ids(for_case uuid, ids uuid[])
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
      SELECT coalesce(array_agg(i.id), '{}')
        FROM case_review c
        JOIN partnership_agency pa ON pa.partnership_id = c.partnership_id
        JOIN incident i ON i.agency_id = pa.agency_id
       WHERE c.id = for_case AND c.partnership_id = ANY (hub_cst_partnership_ids()) AND i.id = ANY (ids)
         AND (EXISTS (SELECT 1 FROM case_incident ci WHERE ci.case_id = c.id AND ci.incident_id = i.id)
              OR ((c.consent_withdrawn_at IS NULL AND NOT c.consent_awaiting_confirmation) AND (
                   EXISTS (SELECT 1 FROM person v JOIN person r ON r.id = i.reporter_id
                            WHERE v.id = c.victim_id AND r.name_key = v.name_key
                              AND (r.date_of_birth = v.date_of_birth OR r.postcode_key = v.postcode_key))
                OR (NOT EXISTS (SELECT 1 FROM person r JOIN consent_withdrawal w
      ON w.partnership_id = c.partnership_id AND w.name_key = r.name_key AND (w.date_of_birth = r.date_of_birth OR w.postcode_key = r.postcode_key)
   WHERE r.id = i.reporter_id) AND (
                     EXISTS (SELECT 1 FROM jsonb_array_elements(c.reported_incidents) ri
                              WHERE nullif(upper(btrim(ri->>'reportedToReference')), '') = upper(btrim(i.reference)))
                  OR EXISTS (SELECT 1 FROM information_request ir
                              WHERE ir.case_id = c.id AND ir.agency_id = i.agency_id AND i.id = ANY (ir.attached_incident_ids)))))))
    $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_open_subject(anchor uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  DECLARE opened text := coalesce(current_setting('hub.subject_ids', true), '');
  BEGIN
    IF NOT hub_subject_in_reach(anchor) THEN RETURN false; END IF;
    IF position(anchor::text IN opened) = 0 THEN
      PERFORM set_config('hub.subject_ids', concat_ws(',', nullif(opened, ''), anchor::text), true);
    END IF;
    RETURN true;
  END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_panel_case_ids()
 RETURNS uuid[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
        DECLARE
          caller uuid := hub_user_id();
          cached text := current_setting('hub.cache_panel_case_ids', true);
          answer uuid[];
        BEGIN
          IF caller IS NULL THEN RETURN (SELECT coalesce(array_agg(DISTINCT p.case_id), '{}') FROM panel_member m JOIN panel p ON p.id = m.panel_id
       JOIN app_user u ON u.id = m.user_id
      WHERE m.user_id = caller AND 'PANEL_MEMBER' = ANY (u.roles::text[])); END IF;
          IF cached LIKE caller::text || '|%' THEN
            RETURN nullif(substr(cached, 38), '')::uuid[];
          END IF;
          answer := (SELECT coalesce(array_agg(DISTINCT p.case_id), '{}') FROM panel_member m JOIN panel p ON p.id = m.panel_id
       JOIN app_user u ON u.id = m.user_id
      WHERE m.user_id = caller AND 'PANEL_MEMBER' = ANY (u.roles::text[]));
          PERFORM set_config('hub.cache_panel_case_ids', caller::text || '|' || coalesce(answer::text, ''), true);
          RETURN answer;
        END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_panel_seat_allowed(for_panel uuid, for_user uuid, as_chair boolean)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ BEGIN RETURN EXISTS (
      SELECT 1 FROM panel p JOIN case_review c ON c.id = p.case_id JOIN app_user u ON u.id = for_user
       WHERE p.id = for_panel AND 'PANEL_MEMBER' = ANY (u.roles::text[])
         AND (EXISTS (SELECT 1 FROM partnership_agency pa WHERE pa.partnership_id = c.partnership_id AND pa.agency_id = u.agency_id)
              OR (as_chair AND EXISTS (SELECT 1 FROM partnership_independent_chair x
                                        WHERE x.partnership_id = c.partnership_id AND x.user_id = for_user)))); END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_person_kinds(ids uuid[])
 RETURNS TABLE(id uuid, kind text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$ SELECT p.id, p.kind::text FROM person p
        WHERE p.id = ANY (ids)
          AND (p.agency_id = hub_agency_id()
               OR EXISTS (SELECT 1 FROM case_review c
                           WHERE (c.victim_id = p.id OR c.applicant_id = p.id)
                             AND (c.partnership_id = ANY (hub_cst_partnership_ids()) OR c.id = ANY (hub_panel_case_ids())
                                  OR c.id = ANY (hub_addressed_case_ids())))) $function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_person_past_retention(for_person uuid, today date)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  SELECT (EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = for_person)
          OR EXISTS (SELECT 1 FROM case_review c WHERE c.applicant_id = for_person OR c.victim_id = for_person))
     AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.reporter_id = for_person AND NOT hub_incident_past_retention(i.id, today))
     AND NOT EXISTS (SELECT 1 FROM case_review c WHERE (c.applicant_id = for_person OR c.victim_id = for_person) AND NOT hub_case_past_retention(c.id, today))
$function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_retention_due(for_partnership uuid, today date)
 RETURNS uuid[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  BEGIN
    IF NOT hub_has_role('ADMIN') THEN RETURN '{}'; END IF;
    RETURN ARRAY(
      SELECT DISTINCT x FROM (
        SELECT unnest(ARRAY[d.applicant_id, d.victim_id]) AS x FROM (SELECT c.id, c.applicant_id, c.victim_id FROM case_review c
     WHERE c.partnership_id = for_partnership AND c.status::text IN ('CLOSED', 'WITHDRAWN') AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'CaseReview' AND e.entity_id = c.id)
       AND hub_case_past_retention(c.id, today)) d
        UNION ALL
        SELECT d.reporter_id FROM (SELECT i.id, i.reporter_id FROM partnership_agency pa JOIN incident i ON i.agency_id = pa.agency_id
     WHERE pa.partnership_id = for_partnership AND i.reported_at < (((today + 2) - make_interval(years => least(6, coalesce((SELECT min(least(case_years, incident_years)) FROM retention_policy), 6))))::timestamp AT TIME ZONE 'Europe/London') AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.entity = 'Incident' AND e.entity_id = i.id)
       AND hub_incident_past_retention(i.id, today)) d) people
      ORDER BY x);
  END $function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_retention_years(for_partnership uuid, OUT case_years integer, OUT incident_years integer)
 RETURNS record
 LANGUAGE sql
 STABLE
AS $function$
  SELECT coalesce(max(rp.case_years), 6), coalesce(max(rp.incident_years), 6) FROM (SELECT 1) one
    LEFT JOIN retention_policy rp ON rp.partnership_id = for_partnership
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_review_prompt_figures(for_partnership uuid, starts date[], ends date[])
 RETURNS TABLE(n bigint, told integer)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT x.n, count(DISTINCT rp.person_id)::int
    FROM unnest(starts, ends) WITH ORDINALITY AS x(start, end_date, n)
    LEFT JOIN review_prompt rp
      ON rp.partnership_id = for_partnership
     AND rp.explained_at >= (x.start::timestamp AT TIME ZONE 'Europe/London')
     AND rp.explained_at < ((x.end_date + 1)::timestamp AT TIME ZONE 'Europe/London')
   GROUP BY x.n
   ORDER BY x.n
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_review_prompt_matches(ids uuid[])
 RETURNS TABLE(incident_id uuid, partnership_id uuid, kind text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  WITH me AS MATERIALIZED (
    SELECT hub_agency_id() AS agency_id WHERE hub_has_role('CONTRIBUTOR')
  ),
  own AS MATERIALIZED (
    SELECT i.id, i.reporter_id, (i.reported_at AT TIME ZONE 'Europe/London')::date AS on_date
      FROM me JOIN incident i ON i.agency_id = me.agency_id
     WHERE i.id = ANY (ids)
  ),
  people AS MATERIALIZED (
    SELECT p.id AS person_id, p.name_key, p.date_of_birth, p.postcode_key, pt.id AS pid, pt.threshold_rules AS rules,
           (o.first_on - make_interval(months => greatest(6,
              (SELECT max((r->>'windowMonths')::int) FROM jsonb_array_elements(pt.threshold_rules) r))))::date AS since,
           o.last_on AS until
      FROM (SELECT reporter_id, min(on_date) AS first_on, max(on_date) AS last_on FROM own GROUP BY reporter_id) o
      JOIN person p ON p.id = o.reporter_id
      CROSS JOIN me
      JOIN partnership_agency mine ON mine.agency_id = me.agency_id
      JOIN partnership pt ON pt.id = mine.partnership_id
     WHERE NOT EXISTS (SELECT 1 FROM review_prompt rp
                        WHERE rp.partnership_id = pt.id AND rp.person_id = p.id AND rp.explained_at IS NULL)
  ),
  matched AS MATERIALIZED (
    SELECT pp.person_id, pp.pid, r.id AS match_id, pp.since, pp.until
      FROM people pp
      JOIN partnership_agency pa ON pa.partnership_id = pp.pid
      JOIN person r ON r.agency_id = pa.agency_id AND r.name_key = pp.name_key
                   AND (r.id = pp.person_id OR r.date_of_birth = pp.date_of_birth OR r.postcode_key = pp.postcode_key)
  ),
  reports AS MATERIALIZED (
    SELECT DISTINCT m.person_id, m.pid, i.id,
           (i.reported_at AT TIME ZONE 'Europe/London')::date AS reported,
           (i.occurred_at AT TIME ZONE 'Europe/London')::date AS occurred,
           i.category::text AS category
      FROM matched m
      JOIN incident i ON i.reporter_id = m.match_id
     WHERE i.reported_at >= (m.since::timestamp AT TIME ZONE 'Europe/London')
       AND i.reported_at < ((m.until + 1)::timestamp AT TIME ZONE 'Europe/London')
  ),
  rules AS MATERIALIZED (
    SELECT DISTINCT pp.pid, ru.n AS rule_no, (ru.rule->>'minReports')::int AS min_reports, (ru.rule->>'windowMonths')::int AS window_months,
           (ru.rule->>'reportWithinMonths')::int AS within_months,
           ARRAY(SELECT jsonb_array_elements_text(ru.rule->'categories')) AS categories
      FROM people pp CROSS JOIN LATERAL jsonb_array_elements(pp.rules) WITH ORDINALITY AS ru(rule, n)
     WHERE (ru.rule->>'minDistinctReporters')::int <= 1
  ),
  history AS MATERIALIZED (
    SELECT person_id, pid, array_agg(reported) AS reported FROM reports GROUP BY person_id, pid
  ),
  rule_history AS MATERIALIZED (
    SELECT r.person_id, r.pid, ru.rule_no, ru.min_reports, ru.window_months, array_agg(r.reported) AS reported
      FROM reports r JOIN rules ru ON ru.pid = r.pid
     WHERE r.reported <= (r.occurred + make_interval(months => ru.within_months))::date
       AND (cardinality(ru.categories) = 0 OR r.category = ANY (ru.categories))
     GROUP BY r.person_id, r.pid, ru.rule_no, ru.min_reports, ru.window_months
    HAVING count(*) >= ru.min_reports
  ),
  -- The batch's reports for which a rule of the partnership would hold, were an application made on their date.
  likely AS MATERIALIZED (
    SELECT DISTINCT o.id, rh.pid
      FROM own o JOIN rule_history rh ON rh.person_id = o.reporter_id
     WHERE (SELECT count(*) FROM unnest(rh.reported) AS r(reported)
             WHERE r.reported <= o.on_date
               AND r.reported >= (o.on_date - make_interval(months => rh.window_months))::date) >= rh.min_reports
  )
  -- Per report and partnership the strongest kind: a likely threshold, else a second report (this
  -- report and at least one other in the six calendar months up to its date).
  SELECT DISTINCT ON (v.incident_id, v.pid) v.incident_id, v.pid, v.kind
    FROM (SELECT l.id AS incident_id, l.pid, 'THRESHOLD_LIKELY' AS kind FROM likely l
          UNION ALL
          SELECT o.id, h.pid, 'SECOND_REPORT'
            FROM own o JOIN history h ON h.person_id = o.reporter_id
           WHERE (SELECT count(*) FROM unnest(h.reported) AS r(reported)
                   WHERE r.reported <= o.on_date AND r.reported >= (o.on_date - interval '6 months')::date) >= 2) v
   ORDER BY v.incident_id, v.pid, v.kind = 'THRESHOLD_LIKELY' DESC
$function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_scrub_json(j jsonb, vals text[])
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
  BEGIN
    RETURN CASE jsonb_typeof(j)
      WHEN 'string' THEN to_jsonb(hub_scrub_text(j #>> '{}', vals))
      WHEN 'array' THEN coalesce((SELECT jsonb_agg(hub_scrub_json(e, vals) ORDER BY n) FROM jsonb_array_elements(j) WITH ORDINALITY AS x(e, n)), '[]'::jsonb)
      WHEN 'object' THEN coalesce((SELECT jsonb_object_agg(k, hub_scrub_json(v, vals)) FROM jsonb_each(j) AS x(k, v)), '{}'::jsonb)
      ELSE j
    END;
  END $function$;

-- owner: hub_eraser
CREATE OR REPLACE FUNCTION public.hub_scrub_text(t text, vals text[])
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
  DECLARE
    v text;
    done text := '';
    rest text := t;
    found_at int;
  BEGIN
    IF t IS NULL OR vals IS NULL THEN RETURN t; END IF;
    FOREACH v IN ARRAY vals LOOP
      CONTINUE WHEN v IS NULL OR length(btrim(v)) < 3 OR strpos('[erased]', lower(v)) > 0;
      done := '';
      LOOP
        found_at := strpos(lower(rest), lower(v));
        EXIT WHEN found_at = 0;
        done := done || substr(rest, 1, found_at - 1) || '[erased]';
        rest := substr(rest, found_at + length(v));
      END LOOP;
      rest := done || rest;
    END LOOP;
    RETURN rest;
  END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_seed_risk_scheme()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
      BEGIN
        INSERT INTO risk_scheme (partnership_id, questions, high_from_score, medium_from_score, high_review_days, medium_review_days) VALUES (NEW.id, '[{"id":"repeat","question":"Has the victim reported ASB three or more times in six months?","score":2,"forcesHigh":false},{"id":"hate","question":"Is the behaviour motivated by hostility to a protected characteristic?","score":3,"forcesHigh":false},{"id":"violence","question":"Has there been violence or a threat of violence?","score":4,"forcesHigh":true},{"id":"vulnerable","question":"Does the victim have a disability, illness or other vulnerability?","score":3,"forcesHigh":false},{"id":"health","question":"Is the victim''s physical or mental health affected?","score":2,"forcesHigh":false},{"id":"children","question":"Are children in the household affected?","score":2,"forcesHigh":false},{"id":"home","question":"Does the victim feel unsafe in or afraid to leave their home?","score":3,"forcesHigh":false},{"id":"isolated","question":"Is the victim isolated, without support from family or friends?","score":2,"forcesHigh":false},{"id":"targeted","question":"Is the victim targeted personally (not general nuisance)?","score":2,"forcesHigh":false},{"id":"selfharm","question":"Has the victim mentioned self-harm or suicide?","score":5,"forcesHigh":true}]'::jsonb, 12, 6, 14, 28) ON CONFLICT (partnership_id) DO NOTHING;
        RETURN NEW;
      END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_subject_case_ids()
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT case_ids FROM hub_subject_scope()
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_subject_in_reach(anchor uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT hub_has_role('DATA_PROTECTION_OFFICER') AND EXISTS (
    SELECT 1 FROM person p WHERE p.id = anchor AND (
      p.agency_id = hub_agency_id()
      OR EXISTS (SELECT 1 FROM case_review c WHERE (c.victim_id = p.id OR c.applicant_id = p.id) AND c.partnership_id = ANY (hub_dpo_partnership_ids()))
      OR EXISTS (SELECT 1 FROM incident i JOIN case_incident ci ON ci.incident_id = i.id JOIN case_review c ON c.id = ci.case_id
                  WHERE i.reporter_id = p.id AND c.partnership_id = ANY (hub_dpo_partnership_ids()))))
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_subject_incident_ids()
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT incident_ids FROM hub_subject_scope()
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_subject_person_ids()
 RETURNS uuid[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT person_ids FROM hub_subject_scope()
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_subject_records(anchor uuid)
 RETURNS TABLE(person_ids uuid[], incident_ids uuid[], case_ids uuid[])
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  WITH reach AS MATERIALIZED (SELECT hub_dpo_partnership_ids() AS partnerships, hub_agency_id() AS agency WHERE hub_subject_in_reach(anchor)),
  agencies AS MATERIALIZED (
    SELECT pa.agency_id FROM reach JOIN partnership_agency pa ON pa.partnership_id = ANY (reach.partnerships)
    UNION SELECT reach.agency FROM reach),
  anchor_person AS MATERIALIZED (SELECT p.* FROM person p, reach WHERE p.id = anchor),
  persons AS MATERIALIZED (
    SELECT a.id FROM anchor_person a
    UNION
    SELECT r.id FROM anchor_person a JOIN agencies g ON true
      JOIN person r ON r.agency_id = g.agency_id AND r.name_key = a.name_key
                   AND (r.date_of_birth = a.date_of_birth OR r.postcode_key = a.postcode_key)),
  incidents AS (SELECT i.id FROM incident i WHERE i.reporter_id IN (SELECT id FROM persons)),
  cases AS (
    SELECT c.id FROM case_review c, reach
     WHERE (c.victim_id IN (SELECT id FROM persons) OR c.applicant_id IN (SELECT id FROM persons)) AND c.partnership_id = ANY (reach.partnerships))
  SELECT ARRAY(SELECT id FROM persons ORDER BY id), ARRAY(SELECT id FROM incidents ORDER BY id), ARRAY(SELECT id FROM cases ORDER BY id)
$function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_subject_scope(OUT person_ids uuid[], OUT incident_ids uuid[], OUT case_ids uuid[])
 RETURNS record
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  DECLARE
    opened text := coalesce(current_setting('hub.subject_ids', true), '');
    cache_key text;
  BEGIN
    IF opened = '' OR hub_user_id() IS NULL THEN
      person_ids := '{}'; incident_ids := '{}'; case_ids := '{}';
      RETURN;
    END IF;
    cache_key := hub_user_id()::text || '|' || opened;
    IF current_setting('hub.cache_subject_key', true) = cache_key THEN
      person_ids := current_setting('hub.cache_subject_person', true)::uuid[];
      incident_ids := current_setting('hub.cache_subject_incident', true)::uuid[];
      case_ids := current_setting('hub.cache_subject_case', true)::uuid[];
      RETURN;
    END IF;
    WITH recs AS MATERIALIZED (SELECT r.* FROM unnest(string_to_array(opened, ',')) a CROSS JOIN LATERAL hub_subject_records(a::uuid) r)
    SELECT (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM recs, unnest(recs.person_ids) x),
           (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM recs, unnest(recs.incident_ids) x),
           (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM recs, unnest(recs.case_ids) x)
      INTO person_ids, incident_ids, case_ids;
    PERFORM set_config('hub.cache_subject_person', person_ids::text, true);
    PERFORM set_config('hub.cache_subject_incident', incident_ids::text, true);
    PERFORM set_config('hub.cache_subject_case', case_ids::text, true);
    PERFORM set_config('hub.cache_subject_key', cache_key, true);
  END $function$;

-- owner: CURRENT_USER
CREATE OR REPLACE FUNCTION public.hub_user_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$ SELECT nullif(current_setting('hub.user_id', true), '')::uuid $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_visible_incident_count(f_agency uuid, f_category text, f_from timestamp with time zone, f_to timestamp with time zone)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
      DECLARE 
  my_agency uuid := hub_agency_id();
  direct boolean := hub_has_role('CONTRIBUTOR') OR hub_has_role('RESPONDER');
  cst uuid[] := hub_cst_partnership_ids();
  panel uuid[] := hub_panel_case_ids();
  filters text;
  own text;
  linked text;
        total bigint;
      BEGIN
        
  filters := concat_ws(' ',
    CASE WHEN f_agency IS NOT NULL THEN 'AND i.agency_id = $1' END,
    CASE WHEN f_category IS NOT NULL THEN 'AND i.category::text = $2' END,
    CASE WHEN f_from IS NOT NULL THEN 'AND i.reported_at >= $3' END,
    CASE WHEN f_to IS NOT NULL THEN 'AND i.reported_at <= $4' END
    );
        
  -- $1 agency filter, $2 category, $3 from, $4 to, $5/$6 after (reported_at, id), $7 limit, $8 own agency, $9 CST partnerships, $10 panel cases
  own := CASE WHEN direct AND my_agency IS NOT NULL
    THEN 'SELECT i.id, i.reported_at FROM incident i WHERE i.agency_id = $8 ' || filters END;
  linked := CASE WHEN cardinality(cst) > 0 OR cardinality(panel) > 0
    THEN 'SELECT i.id, i.reported_at FROM incident i WHERE i.id IN (SELECT ci.incident_id FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
            WHERE c.partnership_id = ANY ($9) OR c.id = ANY ($10)) ' || filters END;
        IF own IS NULL AND linked IS NULL THEN RETURN 0; END IF;
        EXECUTE 'SELECT count(*) FROM (' || concat_ws(' UNION ', own, linked) || ') u'
          INTO total USING f_agency, f_category, f_from, f_to, NULL::timestamptz, NULL::uuid, NULL::int, my_agency, cst, panel;
        RETURN total;
      END $function$;

-- owner: hub_security
CREATE OR REPLACE FUNCTION public.hub_visible_incident_page(f_agency uuid, f_category text, f_from timestamp with time zone, f_to timestamp with time zone, after_at timestamp with time zone, after_id uuid, lim integer)
 RETURNS TABLE(id uuid, reported_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
      DECLARE 
  my_agency uuid := hub_agency_id();
  direct boolean := hub_has_role('CONTRIBUTOR') OR hub_has_role('RESPONDER');
  cst uuid[] := hub_cst_partnership_ids();
  panel uuid[] := hub_panel_case_ids();
  filters text;
  own text;
  linked text;
      BEGIN
        
  filters := concat_ws(' ',
    CASE WHEN f_agency IS NOT NULL THEN 'AND i.agency_id = $1' END,
    CASE WHEN f_category IS NOT NULL THEN 'AND i.category::text = $2' END,
    CASE WHEN f_from IS NOT NULL THEN 'AND i.reported_at >= $3' END,
    CASE WHEN f_to IS NOT NULL THEN 'AND i.reported_at <= $4' END
    , CASE WHEN after_at IS NOT NULL THEN 'AND (i.reported_at, i.id) < ($5, $6)' END);
        
  -- $1 agency filter, $2 category, $3 from, $4 to, $5/$6 after (reported_at, id), $7 limit, $8 own agency, $9 CST partnerships, $10 panel cases
  own := CASE WHEN direct AND my_agency IS NOT NULL
    THEN 'SELECT i.id, i.reported_at FROM incident i WHERE i.agency_id = $8 ' || filters END;
  linked := CASE WHEN cardinality(cst) > 0 OR cardinality(panel) > 0
    THEN 'SELECT i.id, i.reported_at FROM incident i WHERE i.id IN (SELECT ci.incident_id FROM case_incident ci JOIN case_review c ON c.id = ci.case_id
            WHERE c.partnership_id = ANY ($9) OR c.id = ANY ($10)) ' || filters END;
        IF own IS NULL AND linked IS NULL THEN RETURN; END IF;
        -- Each source stops after its own page; the page is the newest of both.
        RETURN QUERY EXECUTE 'SELECT u.id, u.reported_at FROM (' ||
            concat_ws(' UNION ', '(' || own || ' ORDER BY i.reported_at DESC, i.id DESC LIMIT $7)', '(' || linked || ' ORDER BY i.reported_at DESC, i.id DESC LIMIT $7)') ||
          ') u ORDER BY u.reported_at DESC, u.id DESC LIMIT $7'
          USING f_agency, f_category, f_from, f_to, after_at, after_id, lim, my_agency, cst, panel;
      END $function$;
